namespace Agora.Catalog;

/// <summary>A licence a dataset can carry, described as CKAN's <c>license_list</c> does.</summary>
public sealed record Licence(string Id, string Title, string Url, bool OpenData, string Maintainer = "", string Family = "")
{
    /// <summary>The licences CKAN offers by default, with the ones European open data uses most.</summary>
    public static readonly IReadOnlyList<Licence> All =
    [
        new("notspecified", "License not specified", "", false),
        new("odc-pddl", "Open Data Commons Public Domain Dedication and License (PDDL)", "http://www.opendefinition.org/licenses/odc-pddl", true, "Open Data Commons"),
        new("odc-odbl", "Open Data Commons Open Database License (ODbL)", "http://www.opendefinition.org/licenses/odc-odbl", true, "Open Data Commons"),
        new("ODbL-1.0", "Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/", true, "Open Data Commons"),
        new("odc-by", "Open Data Commons Attribution License", "http://www.opendefinition.org/licenses/odc-by", true, "Open Data Commons"),
        new("cc-zero", "Creative Commons CCZero", "http://www.opendefinition.org/licenses/cc-zero", true, "Creative Commons"),
        new("CC0-1.0", "Creative Commons Zero 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/", true, "Creative Commons"),
        new("cc-by", "Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", true, "Creative Commons"),
        new("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/", true, "Creative Commons"),
        new("cc-by-sa", "Creative Commons Attribution Share-Alike", "http://www.opendefinition.org/licenses/cc-by-sa", true, "Creative Commons"),
        new("CC-BY-SA-4.0", "Creative Commons Attribution Share-Alike 4.0", "https://creativecommons.org/licenses/by-sa/4.0/", true, "Creative Commons"),
        new("gfdl", "GNU Free Documentation License", "http://www.opendefinition.org/licenses/gfdl", true, "Free Software Foundation"),
        new("other-open", "Other (Open)", "", true),
        new("other-pd", "Other (Public Domain)", "", true),
        new("other-at", "Other (Attribution)", "", true),
        new("uk-ogl", "UK Open Government Licence (OGL)", "http://reference.data.gov.uk/id/open-government-licence", true, "UK Government"),
        new("cc-nc", "Creative Commons Non-Commercial (Any)", "http://creativecommons.org/licenses/by-nc/2.0/", false, "Creative Commons"),
        new("other-nc", "Other (Non-Commercial)", "", false),
        new("other-closed", "Other (Not Open)", "", false),
    ];

    static readonly Dictionary<string, Licence> ById = All.ToDictionary(l => l.Id, StringComparer.Ordinal);

    public static Licence? Find(string? id) => id is not null && ById.TryGetValue(id, out var licence) ? licence : null;
}
