using BenchmarkDotNet.Running;
using PolicyWatch.Benchmarks;
using PolicyWatch.Benchmarks.Site;

// `site …` is the load run of the site against a generated database (see Site/SiteBenchmark.cs).
if (args is ["site", .. var siteArgs]) return await SiteBenchmark.RunAsync(siteArgs);

// `history …` is a backfill of many local sources (see History/BackfillBenchmark.cs).
if (args is ["history", .. var historyArgs]) return await PolicyWatch.Benchmarks.History.BackfillBenchmark.RunAsync(historyArgs);

// `stories …` is story assignment over many items (see Stories/StoryAssignmentBenchmark.cs).
if (args is ["stories", .. var storyArgs]) return await PolicyWatch.Benchmarks.Stories.StoryAssignmentBenchmark.RunAsync(storyArgs);
// `pgsearch …` is search on PostgreSQL at scale (see Postgres/PostgresSearchBenchmark.cs).
if (args is ["pgsearch", .. var pgsearchArgs]) return await PolicyWatch.Benchmarks.Postgres.PostgresSearchBenchmark.RunAsync(pgsearchArgs);

// Pick benchmarks with --filter, e.g. --filter '*Parse*'; see the README for the figures.
BenchmarkSwitcher.FromAssembly(typeof(BenchmarkPaths).Assembly).Run(args);
return 0;
