using System.Text.Json.Nodes;

namespace Agora.Tests.Context;

/// <summary>Expanded entities and a term expander shared by the evaluator and SQL tests.</summary>
internal static class QueryFixtures
{
    public const string Ns = "https://ngsi-ld-test-suite/context#";

    private static readonly HashSet<string> Core =
        ["observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt", "value", "object", "lang", "location"];

    public static string Expand(string term) =>
        term.Contains("://") || term.StartsWith("urn:", StringComparison.Ordinal) ? term
        : Core.Contains(term) ? (term == "location" ? "https://uri.etsi.org/ngsi-ld/location" : term)
        : Ns + term;

    public static JsonObject Vehicle() => Parse("""
        {
          "id": "urn:ngsi-ld:Vehicle:A",
          "type": ["NS#Vehicle"],
          "NS#brandName": { "type": "Property", "value": "Mercedes" },
          "NS#speed": [
            { "type": "Property", "value": 55, "NS#source": { "type": "Property", "value": "Speedometer" } },
            { "type": "Property", "value": 54.5, "datasetId": "urn:ngsi-ld:Property:gps",
              "NS#source": { "type": "Property", "value": "GPS" } }
          ],
          "NS#isParked": {
            "type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Downtown1",
            "observedAt": "2017-07-29T12:00:04Z",
            "NS#providedBy": { "type": "Relationship", "object": "urn:ngsi-ld:Person:Bob" }
          },
          "NS#temperature": { "type": "Property", "value": 25, "unitCode": "CEL", "observedAt": "2024-03-01T10:00:00.5Z" },
          "NS#electric": { "type": "Property", "value": false },
          "NS#serviced": { "type": "Property", "value": { "@type": "DateTime", "@value": "2023-06-01T08:00:00Z" } },
          "NS#address": { "type": "Property", "value": { "city": "Paris", "zip": "75001", "geo": { "floor": 3 } } },
          "NS#tags": { "type": "Property", "value": ["red", "fast", 7] },
          "NS#street": { "type": "LanguageProperty", "languageMap": { "fr": "Grand Place", "nl": ["Grote Markt", "Markt"] } },
          "NS#category": { "type": "VocabProperty", "vocab": "NS#commercial" },
          "NS#extra": { "type": "JsonProperty", "json": { "id": "some-id", "n": 4, "null": null } },
          "NS#route": { "type": "ListProperty", "valueList": [1, 2, 3] },
          "NS#fleet": { "type": "ListRelationship", "objectList": [ { "object": "urn:f:1" }, { "object": "urn:f:2" } ] },
          "https://uri.etsi.org/ngsi-ld/location": { "type": "GeoProperty", "value": { "type": "Point", "coordinates": [2.35, 48.85] } }
        }
        """);

    public static JsonObject Building() => Parse("""
        {
          "id": "urn:ngsi-ld:Building:B",
          "type": ["NS#Building"],
          "NS#name": { "type": "Property", "value": "Eiffel Tower", "observedAt": "2017-07-29T12:00:04Z" },
          "NS#speed": { "type": "Property", "value": "fast" },
          "NS#height": { "type": "Property", "value": 324, "unitCode": "MTR" },
          "NS#isParked": { "type": "Relationship", "object": ["urn:ngsi-ld:OffStreetParking:Other", "urn:ngsi-ld:OffStreetParking:Downtown1"] },
          "NS#address": { "type": "Property", "value": { "city": "Lyon", "geo": { "floor": 12 } } },
          "NS#category": { "type": "VocabProperty", "vocab": ["NS#office", "NS#commercial"] },
          "NS#serviced": { "type": "Property", "value": "2023-06-01T09:00:00Z" },
          "NS#street": { "type": "LanguageProperty", "languageMap": { "en": "Main Street" } },
          "NS#electric": { "type": "Property", "value": true }
        }
        """);

    public static JsonObject Empty() => Parse("""{ "id": "urn:ngsi-ld:Thing:C", "type": ["NS#Thing"] }""");

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json.Replace("NS#", Ns))!;
}
