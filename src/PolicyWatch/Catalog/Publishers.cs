namespace PolicyWatch.Catalog;

/// <summary>
/// Who publishes the page at a URL, from its host: the institution a citation names as publisher
/// (and group author) of a curated milestone. feeds.json's <c>"publisher"</c> on a milestone wins.
/// </summary>
/// <remarks>
/// The longest matching host suffix decides (hansard.parliament.uk before parliament.uk, both
/// before anything shorter); a host not listed names itself without "www.", which is at least the
/// website a reader can find again. Never the configuration file: feeds.json publishes nothing.
/// </remarks>
public static class Publishers
{
    private static readonly (string Host, string Name)[] Known =
    [
        // European Union
        ("eur-lex.europa.eu", "Publications Office of the European Union"),
        ("op.europa.eu", "Publications Office of the European Union"),
        ("europarl.europa.eu", "European Parliament"),
        ("ec.europa.eu", "European Commission"),
        ("commission.europa.eu", "European Commission"),
        ("consilium.europa.eu", "Council of the European Union"),
        ("edps.europa.eu", "European Data Protection Supervisor"),
        ("edpb.europa.eu", "European Data Protection Board"),
        ("curia.europa.eu", "Court of Justice of the European Union"),
        ("europa.eu", "European Union"),
        // United Kingdom
        ("parliament.uk", "UK Parliament"),
        ("commonslibrary.parliament.uk", "House of Commons Library"),
        ("lordslibrary.parliament.uk", "House of Lords Library"),
        ("legislation.gov.uk", "legislation.gov.uk (The National Archives)"),
        ("gov.uk", "UK Government"),
        ("ofcom.org.uk", "Ofcom"),
        ("ico.org.uk", "Information Commissioner's Office"),
        ("iwf.org.uk", "Internet Watch Foundation"),
        // Regulators elsewhere in Europe
        ("uke.gov.pl", "Office of Electronic Communications (Poland)"),
        // Companies and others whose pages milestones cite
        ("apple.com", "Apple"),
        ("signal.org", "Signal"),
        ("parltrack.org", "Parltrack"),
        ("globalencryption.org", "Global Encryption Coalition"),
        ("internetsociety.org", "Internet Society"),
        ("cdt.org", "Center for Democracy & Technology"),
        ("apc.org", "Association for Progressive Communications"),
        ("edri.org", "EDRi"),
        ("eff.org", "Electronic Frontier Foundation"),
        ("theyworkforyou.com", "TheyWorkForYou"),
        ("javierzarzalejos.eu", "Javier Zarzalejos MEP"),
        ("dsa-observatory.eu", "DSA Observatory"),
        ("digitalpolicyalert.org", "Digital Policy Alert"),
        ("scl.org", "Society for Computers and Law"),
        ("europalov.no", "Europalov"),
        // Law firms whose briefings milestones cite
        ("elvingerhoss.lu", "Elvinger Hoss Prussen"),
        ("harneys.com", "Harneys"),
        ("katten.com", "Katten Muchin Rosenman"),
        ("mccannfitzgerald.com", "McCann FitzGerald"),
        ("morrirossetti.it", "Morri Rossetti"),
        // News outlets
        ("macrumors.com", "MacRumors"),
        ("tidbits.com", "TidBITS"),
        ("bbc.co.uk", "BBC"),
        ("euractiv.com", "Euractiv"),
        ("euronews.com", "Euronews"),
        ("euobserver.com", "EUobserver"),
        ("politico.eu", "Politico Europe"),
        ("theregister.com", "The Register"),
        ("netzpolitik.org", "netzpolitik.org"),
        ("livemint.com", "Mint"),
        ("anews.com.tr", "A News"),
        ("newseurope.io", "News Europe"),
        ("gncrypto.news", "GNcrypto"),
        ("daz-augsburg.de", "Die Augsburger Zeitung"),
    ];

    /// <summary>The institution behind <paramref name="url"/>'s host, else the host itself.</summary>
    public static string ForUrl(Uri url)
    {
        var host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        var best = Known
            .Where(k => host == k.Host || host.EndsWith("." + k.Host, StringComparison.Ordinal))
            .OrderByDescending(k => k.Host.Length)
            .Select(k => k.Name)
            .FirstOrDefault();
        return best ?? (host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host);
    }
}
