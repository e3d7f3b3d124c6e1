using Agora.Context.Query;

namespace Agora.Tests.Context;

public class QueryParserTests
{
    [Theory]
    [InlineData("speed", "speed")]
    [InlineData("!speed", "!speed")]
    [InlineData("speed>50", "speed>50")]
    [InlineData("speed>=50.5", "speed>=50.5")]
    [InlineData("speed<-3", "speed<-3")]
    [InlineData("speed<=1e3", "speed<=1000")]
    [InlineData("name==\"Eiffel Tower\"", "name==\"Eiffel Tower\"")]
    [InlineData("name!=\"a;b|c)\"", "name!=\"a;b|c)\"")]
    [InlineData("isParked==urn:ngsi-ld:OffStreetParking:Downtown1", "isParked==urn:ngsi-ld:OffStreetParking:Downtown1")]
    [InlineData("speed==50..60", "speed==50..60")]
    [InlineData("name==\"a\",\"b\",\"c\"", "name==\"a\",\"b\",\"c\"")]
    [InlineData("speed!=1,2,3", "speed!=1,2,3")]
    [InlineData("isParked.observedAt>2017-07-29T12:00:04Z", "isParked.observedAt>2017-07-29T12:00:04Z")]
    [InlineData("speed.source==\"GPS\"", "speed.source==\"GPS\"")]
    [InlineData("address[city]==\"Paris\"", "address[city]==\"Paris\"")]
    [InlineData("data[a][b]>3", "data[a][b]>3")]
    [InlineData("speed.source[x]==1", "speed.source[x]==1")]
    [InlineData("ex:speed>1", "ex:speed>1")]
    [InlineData("open==true", "open==true")]
    [InlineData("day==2024-01-31", "day==2024-01-31")]
    [InlineData("opens<08:30:00Z", "opens<08:30:00Z")]
    [InlineData(" a == 1 ; b ", "(a==1;b)")]
    public void Parses_and_renders_each_form(string q, string rendered) =>
        Assert.Equal(rendered, QueryParser.Parse(q).ToString());

    [Theory]
    [InlineData("a;b|c", "((a;b)|c)")]
    [InlineData("a|b;c", "(a|(b;c))")]
    [InlineData("a|b;c|d", "(a|(b;c)|d)")]
    [InlineData("(a|b);c", "((a|b);c)")]
    [InlineData("((a))", "a")]
    [InlineData("a;(b|(c;!d))", "(a;(b|(c;!d)))")]
    public void And_binds_tighter_than_or_and_parentheses_group(string q, string rendered) =>
        Assert.Equal(rendered, QueryParser.Parse(q).ToString());

    [Fact]
    public void Values_get_their_kinds()
    {
        var list = (QueryList)((ComparisonNode)QueryParser.Parse("a==1,2.5")).Value;
        Assert.All(list.Items, i => Assert.Equal(QueryValueKind.Number, i.Kind));
        Assert.Equal(2.5, list.Items[1].Number);
        var dt = (QueryScalar)((ComparisonNode)QueryParser.Parse("a>2020-01-01T01:00:00+01:00")).Value;
        Assert.Equal(QueryValueKind.DateTime, dt.Kind);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), dt.Instant);
        Assert.Equal(QueryValueKind.Uri, ((QueryScalar)((ComparisonNode)QueryParser.Parse("a==urn:x:1")).Value).Kind);
        Assert.Equal(QueryValueKind.Boolean, ((QueryScalar)((ComparisonNode)QueryParser.Parse("a==false")).Value).Kind);
        Assert.Equal(QueryValueKind.String, ((QueryScalar)((ComparisonNode)QueryParser.Parse("a==\"12\"")).Value).Kind);
    }

    [Fact]
    public void A_quoted_datetime_is_an_instant_only_against_timestamps()
    {
        var observed = (QueryScalar)((ComparisonNode)QueryParser.Parse("a.observedAt>\"2020-01-01T00:00:00Z\"")).Value;
        Assert.Equal(QueryValueKind.DateTime, observed.Kind);
        var plain = (QueryScalar)((ComparisonNode)QueryParser.Parse("a>\"2020-01-01T00:00:00Z\"")).Value;
        Assert.Equal(QueryValueKind.String, plain.Kind);
    }

    [Fact]
    public void Path_parts_are_kept_as_written()
    {
        var path = ((ComparisonNode)QueryParser.Parse("attr.sub.observedAt[k1][k 2]==1")).Path;
        Assert.Equal("attr", path.Attribute);
        Assert.Equal(["sub", "observedAt"], path.SubAttributes);
        Assert.Equal(["k1", "k 2"], path.ValuePath);
    }

    [Theory]
    [InlineData("name~=.*Tower", ".*Tower")]
    [InlineData("name~=\"(?i)eiffel\"", "(?i)eiffel")]
    [InlineData("name!~=^(a|b)$", "^(a|b)$")]
    [InlineData("(name~=a(b)c)", "a(b)c")]
    [InlineData("name~=\"\\d+\"", "\\d+")]
    public void Patterns_are_quoted_or_run_to_the_next_operator(string q, string pattern)
    {
        var node = QueryParser.Parse(q);
        var comparison = Assert.IsType<ComparisonNode>(node);
        Assert.Equal(pattern, ((QueryPattern)comparison.Value).Pattern);
    }

    [Fact]
    public void A_raw_pattern_stops_at_and()
    {
        var and = Assert.IsType<AndNode>(QueryParser.Parse("name~=ab+;speed>1"));
        Assert.Equal("ab+", ((QueryPattern)((ComparisonNode)and.Terms[0]).Value).Pattern);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("speed>=", "expected a value after '>=' at position 8")]
    [InlineData("speed>=;a", "expected a value after '>=' at position 8")]
    [InlineData("(speed>1", "unclosed '(' at position 1")]
    [InlineData("speed>1)", "unbalanced ')' at position 8")]
    [InlineData("a;;b", "expected an attribute name but found ';' at position 3")]
    [InlineData("a;", "expected a query term at position 3")]
    [InlineData("|a", "expected an attribute name but found '|' at position 1")]
    [InlineData("name==\"open", "unclosed '\"' at position 7")]
    [InlineData("a=1", "expected an operator")]
    [InlineData("a>1..3", "ranges and lists can only follow == or !=")]
    [InlineData("a<1,2", "ranges and lists can only follow == or !=")]
    [InlineData("a>true", "true/false can only follow == or !=")]
    [InlineData("a==1..\"x\"", "mixed value types in a range")]
    [InlineData("a==1,\"x\"", "mixed value types in a list")]
    [InlineData("a==1 2", "unexpected '2' after the value")]
    [InlineData("a~=(", "invalid regular expression")]
    [InlineData("a~=", "expected a value after '~='")]
    [InlineData("a[", "unclosed '['")]
    [InlineData("a[]==1", "empty [key]")]
    [InlineData("a[\"x\"]==1", "not allowed in a [key]")]
    [InlineData("a.==1", "expected a sub-attribute name")]
    [InlineData("a==2020-13-45T00:00:00Z", "invalid dateTime")]
    [InlineData("!", "expected an attribute name")]
    public void Rejects_malformed_queries_saying_what_and_where(string q, string message)
    {
        var e = Assert.Throws<QueryException>(() => QueryParser.Parse(q));
        Assert.StartsWith("q: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Limits_length_and_depth()
    {
        Assert.Throws<QueryException>(() => QueryParser.Parse("a==\"" + new string('x', 4000) + "\""));
        var deep = new string('(', 33) + "a" + new string(')', 33);
        Assert.Contains("nested deeper than 32", Assert.Throws<QueryException>(() => QueryParser.Parse(deep)).Message);
        var ok = new string('(', 32) + "a" + new string(')', 32);
        Assert.Equal("a", QueryParser.Parse(ok).ToString());
    }

    [Fact]
    public void Patterns_time_out_instead_of_backtracking_forever()
    {
        var pattern = (QueryPattern)((ComparisonNode)QueryParser.Parse("a~=^(a+)+$")).Value;
        Assert.Equal(QueryParser.RegexTimeout, pattern.Regex.MatchTimeout);
    }
}
