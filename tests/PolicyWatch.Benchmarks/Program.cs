using BenchmarkDotNet.Running;
using PolicyWatch.Benchmarks;
using PolicyWatch.Benchmarks.Site;

// `site …` is the load run of the site against a generated database (see Site/SiteBenchmark.cs).
if (args is ["site", .. var siteArgs]) return await SiteBenchmark.RunAsync(siteArgs);

// Pick benchmarks with --filter, e.g. --filter '*Parse*'; see the README for the figures.
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkPaths).Assembly).Run(args);
return 0;
