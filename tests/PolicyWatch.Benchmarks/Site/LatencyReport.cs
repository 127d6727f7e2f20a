using System.Diagnostics;
using System.Globalization;

namespace PolicyWatch.Benchmarks.Site;

/// <summary>Runs one operation N times with bounded concurrency and prints p50/p95/p99 and throughput.</summary>
internal static class LatencyReport
{
    public static async Task MeasureAsync(string name, int requests, int concurrency, Func<int, Task<bool>> operation)
    {
        for (var i = 0; i < Math.Min(20, requests); i++) await operation(i); // warm-up: JIT, page cache, pools
        var latencies = new double[requests];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            if (!await operation(i)) Interlocked.Increment(ref failures);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-58} p50 {P(0.50),7:F1} ms  p95 {P(0.95),7:F1} ms  p99 {P(0.99),7:F1} ms  {requests / elapsed,7:F0} req/s{(failures > 0 ? $"  {failures} FAILED" : "")}"));
    }
}
