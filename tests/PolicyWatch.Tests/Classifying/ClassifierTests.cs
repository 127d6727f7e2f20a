using PolicyWatch.Catalog;
using PolicyWatch.Classifying;

namespace PolicyWatch.Tests.Classifying;

public sealed class ClassifierTests
{
    private static readonly Dictionary<string, string> Jurisdictions = new()
    {
        ["uk"] = "United Kingdom", ["eu"] = "European Union", ["us"] = "United States", ["global"] = "Global",
    };

    private static Classifier With(Dossier[]? dossiers = null, Topic[]? topics = null) =>
        new(new PolicyCatalog(Jurisdictions, dossiers ?? [], topics ?? [], []));

    private static Dossier Dossier(string id, string jurisdiction, string[] phrases, string[]? exclude = null) =>
        new(id, id, jurisdiction, null, null, phrases, exclude ?? [], []);

    private static Topic Topic(string id, string[] phrases, string? jurisdiction = null, string[]? exclude = null) =>
        new(id, id, jurisdiction, phrases, exclude ?? []);

    private static Classification Classify(Classifier classifier, string title, string? summary = null, string? text = null,
        string source = "us") => classifier.Classify(new ClassifiableText(title, summary, text), source);

    [Theory]
    [InlineData("Chatkontrolle: Bundesregierung lehnt ab")]
    [InlineData("CHAT CONTROL vote delayed")]
    [InlineData("The ‘chat-control’ vote")]
    [InlineData("Why \"Chat Control\" is back")]
    public void A_phrase_matches_whatever_the_case_accents_quotes_and_hyphens(string title)
    {
        var classifier = With([Dossier("eu-csam-regulation", "eu", ["chat control", "Chatkontrolle"])]);
        Assert.Equal(["eu-csam-regulation"], Classify(classifier, title).Dossiers);
    }

    [Fact]
    public void Accents_in_the_phrase_fold_too()
    {
        var classifier = With(topics: [Topic("age-assurance", ["vérification de l'âge", "Altersüberprüfung"])]);
        Assert.Single(Classify(classifier, "La verification de l age en ligne").Topics);
        Assert.Single(Classify(classifier, "Streit um ALTERSÜBERPRÜFUNG").Topics);
        Assert.Single(Classify(classifier, "Streit um Altersuberprufung").Topics);
    }

    [Theory]
    [InlineData("Die Großbaustelle")]
    [InlineData("DIE GROSSBAUSTELLE")]
    [InlineData("die GROẞBAUSTELLE")]
    public void Letters_that_spell_out_match_in_the_text_too(string title)
    {
        var classifier = With(topics: [Topic("t", ["Großbaustelle"])]);
        Assert.True(Classify(classifier, title).MatchesAnything);
    }

    [Theory]
    [InlineData("DSAR requests are up", false)]
    [InlineData("The EU's DSA enforcement", true)]
    [InlineData("chat controls everywhere", false)]
    [InlineData("chatcontrol", false)]
    [InlineData("chat control.", true)]
    public void Phrases_match_on_word_boundaries_only(string title, bool matches)
    {
        var classifier = With([Dossier("eu-digital-services-act", "eu", ["DSA ~ EU"]), Dossier("eu-csam-regulation", "eu", ["chat control"])]);
        Assert.Equal(matches, Classify(classifier, title).MatchesAnything);
    }

    [Fact]
    public void A_trailing_star_lets_the_last_word_go_on()
    {
        var classifier = With([Dossier("eu-csam-regulation", "eu", ["Chatkontroll*"])]);
        Assert.True(Classify(classifier, "Die Chatkontrollen kommen").MatchesAnything);
        Assert.False(Classify(classifier, "Die Chat-Kontrolle kommt").MatchesAnything);
    }

    [Theory]
    [InlineData("Procedure 2022/0155(COD) moves on", true)]
    [InlineData("Procedure 2022/0155 (COD) moves on", true)]
    [InlineData("See 2022-0155-COD", true)]
    [InlineData("See 12022/0155(COD)", false)]
    [InlineData("See 2022/01551(COD)", false)]
    public void A_procedure_reference_matches_anchored_on_its_numbers(string title, bool matches)
    {
        var classifier = With([Dossier("eu-csam-regulation", "eu", ["2022/0155(COD)"])]);
        Assert.Equal(matches, Classify(classifier, title).MatchesAnything);
    }

    [Fact]
    public void A_short_form_counts_only_beside_one_of_its_context_terms()
    {
        var classifier = With([Dossier("eu-digital-services-act", "eu", ["Digital Services Act", "DSA ~ Commission | Digital Services"])]);
        Assert.False(Classify(classifier, "DSA's national convention", "Democratic Socialists of America meet.").MatchesAnything);
        Assert.False(Classify(classifier, "OpenSSH drops DSA keys").MatchesAnything);

        var inContext = Classify(classifier, "First DSA fine", "The Commission fines X.");
        Assert.Equal([new TagReason("eu-digital-services-act", "DSA", "title")], inContext.Why);

        var besideFullName = Classify(classifier, "DSA explained", "What the Digital Services Act asks of platforms.");
        Assert.Equal(["DSA", "Digital Services Act"], besideFullName.Why.Select(w => w.Phrase).Order());
    }

    [Fact]
    public void A_phrase_does_not_count_beside_one_of_its_unless_terms()
    {
        var classifier = With([
            Dossier("eu-csam-regulation", "eu", ["chat control !~ temporary | interim"]),
            Dossier("eu-csam-interim-derogation", "eu", ["chat control ~ temporary | interim"]),
        ]);
        Assert.Equal(["eu-csam-interim-derogation"], Classify(classifier, "Vote on temporary chat control rules").Dossiers);
        Assert.Equal(["eu-csam-regulation"], Classify(classifier, "Germany rejects chat control").Dossiers);
    }

    [Theory]
    [InlineData("Apple to scan iPhones for abuse images", true)]
    [InlineData("Apple to scan iPhones for malware", false)]
    [InlineData("Photos app can now scan documents", false)]
    public void Every_context_list_of_a_phrase_needs_one_of_its_terms(string title, bool matches)
    {
        var classifier = With(topics: [Topic("client-side-scanning", ["scan* ~ iPhone* | device* ~ photo* | image*"])]);
        var result = Classify(classifier, title);
        Assert.Equal(matches, result.MatchesAnything);
        if (matches) Assert.Equal([new TagReason("client-side-scanning", "scan*", "title")], result.Why);
    }

    [Theory]
    [InlineData("Apple will scan photos on iPhones", true)]
    [InlineData("Apple unveils its new iPhone, and the Photos app can now scan documents", false)]
    [InlineData("Apple answers critics who scan its every move", false)]
    public void A_windowed_context_list_must_be_met_near_the_phrase(string title, bool matches)
    {
        var classifier = With([Dossier("apple-csam-detection", "us", ["Apple ~[4] scan* ~[4] photo* | image*"])]);
        Assert.Equal(matches, Classify(classifier, title).MatchesAnything);
    }

    [Theory]
    [InlineData("verif* ~[4] age", true)]
    [InlineData("verif* ~[3] age", false)]
    public void Words_are_counted_in_the_folded_text(string phrase, bool matches)
    {
        // verify(0) every(1) user(2) s(3) age(4): the apostrophe splits a word.
        var classifier = With(topics: [Topic("age-assurance", [phrase])]);
        Assert.Equal(matches, Classify(classifier, "Stores must verify every user's age").MatchesAnything);
    }

    [Theory]
    [InlineData("the Online Safety Act, said Ofcom", "Online Safety Act ~[2] Ofcom", true)]
    [InlineData("Ofcom enforces the Online Safety Act", "Online Safety Act ~[2] Ofcom", false)]
    [InlineData("Ofcom enforces the Online Safety Act", "Online Safety Act ~[3] Ofcom", true)]
    public void A_window_is_measured_from_either_end_of_a_phrase_of_several_words(string title, string phrase, bool matches)
    {
        var classifier = With([Dossier("uk-online-safety-act", "uk", [phrase])]);
        Assert.Equal(matches, Classify(classifier, title).MatchesAnything);
    }

    [Fact]
    public void A_window_holds_within_one_field_and_any_occurrence_of_the_phrase_may_meet_it()
    {
        var classifier = With([Dossier("apple-csam-detection", "us", ["Apple ~[3] scan* ~ child*"])]);
        Assert.False(Classify(classifier, "Apple responds to child-safety critics", "Its plan would scan photos.").MatchesAnything);

        var later = Classify(classifier, "Apple responds to child-safety critics", "Apple would scan photos.");
        Assert.Equal([new TagReason("apple-csam-detection", "Apple", "summary")], later.Why);
    }

    [Fact]
    public void An_exclude_phrase_hides_the_matches_inside_it_but_not_others()
    {
        var classifier = With([Dossier("uk-online-safety-act", "uk", ["Online Safety Act"], exclude: ["Kids Online Safety Act"])]);
        Assert.False(Classify(classifier, "Senate passes the Kids Online Safety Act").MatchesAnything);
        var both = Classify(classifier, "Kids Online Safety Act compared", "Unlike the UK Online Safety Act, KOSA has no regulator.");
        Assert.Equal([new TagReason("uk-online-safety-act", "Online Safety Act", "summary")], both.Why);
    }

    [Fact]
    public void An_exclude_phrase_hides_context_terms_inside_it()
    {
        var classifier = With(topics: [Topic("platform-enforcement", ["Ofcom ~ penalties"], exclude: ["penalties of up to"])]);
        Assert.False(Classify(classifier, "Ofcom's powers", "Penalties of up to £18m.").MatchesAnything);
        Assert.True(Classify(classifier, "Ofcom imposes penalties").MatchesAnything);
    }

    [Fact]
    public void Why_records_the_rule_the_phrase_as_written_and_the_first_field_it_matched()
    {
        var classifier = With(
            [Dossier("eu-csam-regulation", "eu", ["chat control", "2022/0155(COD)"])],
            [Topic("end-to-end-encryption", ["end-to-end encryption"])]);
        var result = Classify(classifier, "Chat control returns", "Procedure 2022/0155(COD) again",
            "It threatens end to end encryption, says chat control critic.");
        Assert.Equal(
            [
                new TagReason("eu-csam-regulation", "chat control", "title"),
                new TagReason("eu-csam-regulation", "2022/0155(COD)", "summary"),
                new TagReason("end-to-end-encryption", "end-to-end encryption", "text"),
            ],
            result.Why);
        Assert.Equal(["eu-csam-regulation"], result.Dossiers);
        Assert.Equal(["end-to-end-encryption"], result.Topics);
    }

    [Fact]
    public void Jurisdictions_come_from_dossiers_and_from_topics_that_declare_one()
    {
        var classifier = With(
            [Dossier("eu-csam-regulation", "eu", ["chat control"]), Dossier("uk-online-safety-act", "uk", ["Online Safety Act"])],
            [Topic("end-to-end-encryption", ["encryption"]), Topic("ipa", ["Investigatory Powers Act"], jurisdiction: "uk")]);
        Assert.Equal(["eu"], Classify(classifier, "Chat control and encryption", source: "us").Jurisdictions);
        Assert.Equal(["eu", "uk"], Classify(classifier, "Chat control meets the Online Safety Act").Jurisdictions);
        Assert.Equal(["uk"], Classify(classifier, "Investigatory Powers Act and encryption", source: "eu").Jurisdictions);
    }

    [Fact]
    public void Without_a_declared_jurisdiction_the_source_s_own_applies_unless_it_is_global()
    {
        var classifier = With(topics: [Topic("end-to-end-encryption", ["encryption"])]);
        Assert.Equal(["us"], Classify(classifier, "Encryption debate", source: "us").Jurisdictions);
        Assert.Empty(Classify(classifier, "Encryption debate", source: "global").Jurisdictions);
    }

    [Fact]
    public void A_phrase_can_name_the_jurisdiction_of_what_it_finds()
    {
        var classifier = With(topics: [Topic("platform-enforcement", ["fined", "Ofcom ~ fined @uk", "Commission ~ fined @eu"])]);
        Assert.Equal(["uk"], Classify(classifier, "OnlyFans fined by Ofcom", source: "global").Jurisdictions);
        Assert.Equal(["eu"], Classify(classifier, "Commission: X fined", source: "us").Jurisdictions);
        Assert.Equal(["us"], Classify(classifier, "Company fined", source: "us").Jurisdictions);
    }

    [Fact]
    public void A_phrase_can_place_only_what_nothing_else_places()
    {
        var classifier = With(
            [Dossier("eu-csam-regulation", "eu", ["chat control"])],
            [Topic("client-side-scanning", ["client-side scanning @global if unplaced"])]);

        var critique = Classify(classifier, "Client-side scanning is dangerous", source: "us");
        Assert.Equal(["global"], critique.Jurisdictions);
        Assert.Contains(new TagReason("global", "client-side scanning", "title"), critique.Why);

        Assert.Equal(["eu"], Classify(classifier, "Chat control would mean client-side scanning").Jurisdictions);
    }

    [Fact]
    public void An_item_about_a_country_outside_the_taxonomy_is_not_placed_as_a_global_debate()
    {
        // The topic is still tagged by its plain phrase; only the placing phrase steps back.
        var classifier = With(topics:
            [Topic("end-to-end-encryption", ["encrypt*", "end-to-end encrypt* !~ Sweden | Swedish @global if unplaced"])]);

        var swedish = Classify(classifier, "Signal would leave Sweden rather than weaken end-to-end encryption", source: "global");
        Assert.Equal(["end-to-end-encryption"], swedish.Topics);
        Assert.Empty(swedish.Jurisdictions);

        Assert.Equal(["global"], Classify(classifier, "Signal defends end-to-end encryption", source: "global").Jurisdictions);
    }

    [Fact]
    public void A_dossier_phrase_cannot_place_unplaced_items() =>
        Assert.Throws<FormatException>(() => With([Dossier("eu-csam-regulation", "eu", ["chat control @global if unplaced"])]));

    [Fact]
    public void An_item_no_rule_matches_gets_no_tags_and_no_jurisdiction()
    {
        var classifier = With([Dossier("eu-csam-regulation", "eu", ["chat control"])]);
        var result = Classify(classifier, "OpenSSL 3.0 is here", "A new provider architecture.", null, "uk");
        Assert.False(result.MatchesAnything);
        Assert.Empty(result.Jurisdictions);
        Assert.Empty(result.Why);
    }

    [Fact]
    public void An_exclude_phrase_can_name_where_the_other_law_applies()
    {
        var classifier = With(
            [Dossier("uk-online-safety-act", "uk", ["Online Safety Act"], exclude: ["Kids Online Safety Act @us", "Australia's Online Safety Act"])],
            [Topic("age-assurance", ["age verification"])]);

        var kosa = Classify(classifier, "Senate passes the Kids Online Safety Act", source: "uk");
        Assert.False(kosa.MatchesAnything);
        Assert.Equal(["us"], kosa.Jurisdictions);
        Assert.Equal([new TagReason("us", "Kids Online Safety Act", "title")], kosa.Why);

        // The other law's place replaces the source's, which says only where the publisher is.
        Assert.Equal(["us"], Classify(classifier, "Age verification in the Kids Online Safety Act", source: "uk").Jurisdictions);
        // A tracked policy that names its own place outranks a law named beside it.
        Assert.Equal(["uk"], Classify(classifier, "Kids Online Safety Act vs the UK Online Safety Act").Jurisdictions);
        // An excluded name without a place still places nothing.
        Assert.Empty(Classify(classifier, "Australia's Online Safety Act reviewed", source: "global").Jurisdictions);
    }

    [Fact]
    public void An_exclude_phrase_naming_an_unknown_jurisdiction_is_refused() =>
        Assert.Throws<FormatException>(() => With([Dossier("d", "uk", ["Online Safety Act"], exclude: ["Kids Online Safety Act @mars"])]));

    [Fact]
    public void The_source_overload_uses_the_jurisdiction_of_a_source_kept_whole()
    {
        var classifier = With(topics: [Topic("end-to-end-encryption", ["encryption"])]);
        var source = new SourceDefinition("eff", "EFF", new Uri("https://www.eff.org/rss/updates.xml"), SourceType.Feed, "us",
            TimeSpan.FromMinutes(30), KeepPolicy.All, ItemKind.Article, null, null);
        Assert.Equal(["us"], classifier.Classify(new ClassifiableText("Encryption", null, null), source).Jurisdictions);
    }

    [Fact]
    public void A_general_outlet_s_base_does_not_place_what_it_reports()
    {
        var classifier = With(topics: [Topic("age-assurance", ["age verification"])]);
        var outlet = new SourceDefinition("macrumors", "MacRumors", new Uri("https://feeds.macrumors.com/MacRumors-All"), SourceType.Feed, "us",
            TimeSpan.FromMinutes(30), KeepPolicy.Matching, ItemKind.Article, null, null);
        var tags = classifier.Classify(new ClassifiableText("Australia's social media ban starts with age verification", null, null), outlet);
        Assert.Equal(["age-assurance"], tags.Topics);
        Assert.Empty(tags.Jurisdictions);
    }

    [Theory]
    [InlineData("!~ interim")]
    [InlineData("DSA ~ --")]
    [InlineData("scan* ~ iPhone ~ ")]
    [InlineData("fined @mars")]
    [InlineData("scan* ~[0] photo*")]
    [InlineData("scan* ~[51] photo*")]
    [InlineData("scan* ~[three] photo*")]
    [InlineData("scan* ~[3 photo*")]
    [InlineData("scan* !~ [3] documents")]
    [InlineData("Danish | Belgian ~ proposal")]
    public void A_malformed_phrase_is_refused_when_the_rules_are_compiled(string phrase) =>
        Assert.Throws<FormatException>(() => With(topics: [Topic("t", [phrase])]));

    [Fact]
    public void Every_phrase_of_many_rules_is_found_in_one_pass()
    {
        var topics = Enumerable.Range(0, 300).Select(i => Topic($"t{i}", [$"word{i} phrase", $"stem{i}x*"])).ToArray();
        var classifier = With(topics: topics);
        var result = Classify(classifier, "word7 phrase and stem299xes", "word150 phrase");
        Assert.Equal(["t7", "t150", "t299"], result.Topics);
    }
}

public sealed class PhraseValidationTests
{
    [Fact]
    public void Phrases_that_cannot_be_compiled_are_reported_at_their_json_path()
    {
        var catalog = PolicyWatch.Catalog.CatalogLoader.Load(PolicyWatch.Tests.Support.TestCatalog.Json()
            .Replace("\"phrases\": [\"chat control\"]", "\"phrases\": [\"chat control\", \"--\", \"Ofcom @mars\"]"), "feeds.json");

        var errors = PolicyWatch.Classifying.Classifier.Validate(catalog);

        Assert.Equal(["dossiers[0].phrases[1]", "dossiers[0].phrases[2]"], errors.Select(e => e.Path));
    }
}
