using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. --filter '*Parse*'; see the README for the figures.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
