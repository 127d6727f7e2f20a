namespace PolicyWatch.Parsing.TitleEvents;

/// <summary>What reading a title gave: its event, or none, with the reason when the title was skipped.</summary>
/// <param name="Event">Null when the pattern does not match the title, or when the title was skipped.</param>
/// <param name="Skipped">Why the title's event date was not read ("skipped: …"); null when it was read.</param>
public sealed record TitleEventMatch(TitleEvent? Event, string? Skipped);
