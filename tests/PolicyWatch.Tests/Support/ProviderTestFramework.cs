using System.Reflection;
using PolicyWatch.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("PolicyWatch.Tests.Support.ProviderTestFramework", "PolicyWatch.Tests")]

namespace PolicyWatch.Tests.Support;

/// <summary>
/// xUnit's own framework, except in a run that cannot test what it was asked to (<see cref="TestDatabases.Unavailable"/>:
/// the PostgreSQL run without PostgreSQL, off CI). Then every test is reported skipped, saying why, and none runs: not
/// its fixtures either, which would fail for want of the server. xUnit 2 has no skip decided at run time, so this is
/// where one run skips as a whole.
/// </summary>
public sealed class ProviderTestFramework(IMessageSink diagnosticMessageSink) : XunitTestFramework(diagnosticMessageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            if (TestDatabases.Unavailable is not { } reason)
            {
                base.RunTestCases(testCases, executionMessageSink, executionOptions);
                return;
            }
            await Console.Error.WriteLineAsync($"{Environment.NewLine}*** {reason} ***{Environment.NewLine}");
            using var runner = new SkippingAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions, reason);
            await runner.RunAsync();
        }
    }

    /// <summary>Reports each test skipped, through xUnit's own test case runner, without creating a class or a fixture.</summary>
    private sealed class SkippingAssemblyRunner(ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions, string reason)
        : XunitTestAssemblyRunner(assembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection,
            IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource)
        {
            var summary = new RunSummary();
            foreach (var testCase in testCases)
                summary.Aggregate(await new XunitTestCaseRunner(testCase, testCase.DisplayName, reason, [], testCase.TestMethodArguments,
                    messageBus, new ExceptionAggregator(), cancellationTokenSource).RunAsync());
            return summary;
        }
    }
}
