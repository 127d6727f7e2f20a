using System.Collections.Frozen;

namespace PolicyWatch.Official.Europarl;

/// <summary>
/// Readable names for the European Parliament's activity types (<c>…/def/ep-activities/PLENARY_VOTE</c>)
/// and procedure phases (<c>…/procedure-phase/RDG1</c>). A code not listed here is shown as the API
/// wrote it: a step of a kind never seen before is still a step, and its code says what it is.
/// </summary>
internal static class ActivityTypes
{
    private static readonly FrozenDictionary<string, string> Activities = new Dictionary<string, string>
    {
        ["REFERRAL"] = "Referral to committee",
        ["COMMITTEE_TABLING_REPORT"] = "Draft report tabled in committee",
        ["COMMITTEE_TABLING_OPINION"] = "Draft opinion tabled in committee",
        ["COMMITTEE_TABLING_AMENDMENT"] = "Amendments tabled in committee",
        ["COMMITTEE_ADOPTING_REPORT"] = "Report adopted in committee",
        ["COMMITTEE_ADOPTING_OPINION"] = "Opinion adopted in committee",
        ["COMMITTEE_APPROVE_PROVISIONAL_AGREEMENT"] = "Provisional agreement approved in committee",
        ["TABLING_PLENARY"] = "Report tabled for plenary",
        ["PLENARY_DEBATE"] = "Plenary debate",
        ["PLENARY_AMEND"] = "Amendments adopted in plenary",
        ["PLENARY_AMEND_PROPOSAL"] = "Amendments to the proposal adopted in plenary",
        ["PLENARY_VOTE"] = "Plenary vote",
        ["PLENARY_VOTE_RESULTS"] = "Plenary vote results",
        ["PLENARY_ADOPT_POSITION"] = "Parliament's position adopted in plenary",
        ["PLENARY_ENDORSE_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS"] = "Mandate for interinstitutional negotiations confirmed in plenary",
        ["PLENARY_REFER_COMMITTEE_INTERINSTITUTIONAL_NEGOTIATIONS"] = "Referred back to committee for interinstitutional negotiations",
        ["INTERINSTITUTIONAL_NEGOTIATION"] = "Interinstitutional negotiations",
        ["SIGNATURE"] = "Final act signed",
        ["PUBLICATION_OFFICIAL_JOURNAL"] = "Published in the Official Journal",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Phases = new Dictionary<string, string>
    {
        ["RDG1"] = "First reading",
        ["RDG2"] = "Second reading",
        ["RDG3"] = "Third reading",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The code at the end of an IRI: <c>def/ep-activities/PLENARY_VOTE</c> → <c>PLENARY_VOTE</c>.</summary>
    public static string Code(string iri)
    {
        var end = iri.TrimEnd('/');
        var cut = end.LastIndexOfAny(['/', '#', ':']);
        var code = cut >= 0 ? end[(cut + 1)..] : end;
        return code.Length is > 0 and <= 120 ? code : end.Length <= 120 ? end : end[..120];
    }

    /// <summary>The activity's readable name, or its code when the type is new.</summary>
    public static string Activity(string code) => Activities.GetValueOrDefault(code, code);

    /// <summary>The phase's readable name, or its code when it is new.</summary>
    public static string Phase(string code) => Phases.GetValueOrDefault(code, code);
}
