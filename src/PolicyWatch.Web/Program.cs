using PolicyWatch.Web.Cli;

return await CliApp.RunAsync(args);

/// <summary>The entry point, visible to tests that start the real host.</summary>
public partial class Program;
