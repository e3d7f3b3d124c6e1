using Agora.Context.Query;

namespace Agora.Tests.Context;

public class QueryEvaluatorTests
{
    // (q, matches the Vehicle, matches the Building); the empty Thing matches only negations of existence.
    public static TheoryData<string, bool, bool> Cases => new()
    {
        { "speed", true, true },
        { "!speed", false, false },
        { "nothing", false, false },
        { "!nothing", true, true },
        { "speed==55", true, false },
        { "speed==54.5", true, false },
        { "speed>54.9", true, false },
        { "speed>55", false, false },
        { "speed>=55", true, false },
        { "speed<55", true, false },
        { "speed!=55", true, true },          // the gps instance is not 55; the Building's speed is a string
        { "height!=324", false, false },
        { "nothing!=1", false, false },       // != needs the attribute
        { "speed==\"fast\"", false, true },   // a number never equals a string
        { "speed==\"55\"", false, false },
        { "speed==50..55", true, false },
        { "speed==55.1..60", false, false },
        { "speed!=50..60", false, true },
        { "speed==1,54.5,3", true, false },
        { "speed!=1,54.5,3", true, true },
        { "brandName==\"Mercedes\"", true, false },
        { "brandName>\"Bmw\"", true, false }, // strings compare lexically
        { "brandName<\"Bmw\"", false, false },
        { "brandName==\"Mercedes\",\"Audi\"", true, false },
        { "brandName==\"A\"..\"N\"", true, false },
        { "brandName~=^Merc", true, false },
        { "brandName~=\"(?i)mercedes\"", true, false },
        { "brandName~=^merc", false, false },
        { "brandName!~=^merc", true, false },
        { "isParked==urn:ngsi-ld:OffStreetParking:Downtown1", true, true },  // relationships compare their object (any of an array)
        { "isParked==\"urn:ngsi-ld:OffStreetParking:Downtown1\"", true, true },
        { "isParked!=urn:ngsi-ld:OffStreetParking:Downtown1", false, false },
        { "isParked==urn:ngsi-ld:OffStreetParking:Other,urn:x", false, true },
        { "isParked.observedAt>2017-07-29T12:00:00Z", true, false },
        { "isParked.observedAt==2017-07-29T14:00:04+02:00", true, false },  // instants, not text
        { "isParked.observedAt>\"2017-07-29T12:00:00Z\"", true, false },
        { "temperature.observedAt<2024-03-01T10:00:00.6Z", true, false },
        { "temperature.observedAt>2024-03-01T10:00:00Z", true, false },
        { "temperature.observedAt==2024-01-01T00:00:00Z..2024-12-31T00:00:00Z", true, false },
        { "name.observedAt", false, true },
        { "speed.observedAt", false, false },
        { "!speed.observedAt", true, true },
        { "isParked.providedBy==urn:ngsi-ld:Person:Bob", true, false },
        { "isParked.providedBy", true, false },
        { "temperature.unitCode==\"CEL\"", true, false },
        { "height.unitCode==\"MTR\"", false, true },
        { "speed.source==\"GPS\"", true, false },
        { "speed.source==\"Speedometer\";speed==55", true, false },
        { "electric==false", true, false },
        { "electric==true", false, true },
        { "electric!=true", true, false },
        { "serviced>2023-06-01T08:30:00Z", false, true },   // a typed @value literal compares as its value
        { "serviced<2023-06-01T08:30:00Z", true, false },
        { "serviced>\"2023\"", true, true },
        { "address[city]==\"Paris\"", true, false },
        { "address[city]", true, true },
        { "address[zip]", true, false },
        { "!address[zip]", false, true },
        { "address[geo][floor]>10", false, true },
        { "address[geo][floor]==3", true, false },
        { "address[nothing]!=1", false, false },
        { "address[city]!=\"Paris\"", false, true },
        { "address==\"Paris\"", false, false },              // a compound value is not a string
        { "tags==\"fast\"", true, false },                   // any element of an array
        { "tags==7", true, false },
        { "tags!=\"slow\"", true, false },
        { "street==\"Grand Place\"", true, false },          // any language
        { "street==\"Markt\"", true, false },
        { "street~=Street$", false, true },
        { "street[fr]==\"Grand Place\"", true, false },
        { "street[nl]==\"Grand Place\"", false, false },
        { "category==\"commercial\"", true, true },          // vocab values are compared expanded too
        { "category==\"office\"", false, true },
        { "extra[id]==\"some-id\"", true, false },
        { "extra[n]>=4", true, false },
        { "extra[null]", true, false },
        { "route==2", true, false },
        { "fleet==urn:f:2", true, false },
        { "location", true, false },
        { "location==1", false, false },
        { "speed>50;brandName==\"Mercedes\"", true, false },
        { "speed>60|brandName==\"Mercedes\"", true, false },
        { "speed>60;height>1|height>300", false, true },     // (speed>60;height>1)|height>300
        { "speed>60;(height>1|height>300)", false, false },
        { "(speed==55|height==324);!nothing", true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_against_expanded_entities(string q, bool vehicle, bool building)
    {
        var node = QueryParser.Parse(q);
        Assert.Equal(vehicle, QueryEvaluator.Matches(node, QueryFixtures.Vehicle(), QueryFixtures.Expand));
        Assert.Equal(building, QueryEvaluator.Matches(node, QueryFixtures.Building(), QueryFixtures.Expand));
        Assert.Equal(q.StartsWith('!'), QueryEvaluator.Matches(node, QueryFixtures.Empty(), QueryFixtures.Expand));
    }

    [Fact]
    public void A_catastrophic_pattern_stops_with_a_query_error()
    {
        var entity = QueryFixtures.Empty();
        entity[QueryFixtures.Ns + "s"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "Property", ["value"] = new string('a', 40) + "!" };
        var q = QueryParser.Parse("s~=^(a|aa)+$");
        Assert.Throws<QueryException>(() => QueryEvaluator.Matches(q, entity, QueryFixtures.Expand));
    }
}
