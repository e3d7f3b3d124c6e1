using System.Text;
using Agora.Catalog.Ckan;

namespace Agora.Catalog.Search;

/// <summary>A parsed search query in the Solr syntax CKAN clients send in <c>q</c> and <c>fq</c>:
/// words and "phrases" (full text), field:value, field:"phrase", field:[a TO b] ranges, field:*,
/// AND / OR / NOT (also &amp;&amp;, ||, !, + and -), parentheses, and *:*. Terms side by side must
/// all match, as with CKAN's q.op=AND.</summary>
public abstract record SearchQuery
{
    public sealed record All : SearchQuery;
    public sealed record Text(string Value, bool Phrase, bool Prefix) : SearchQuery;
    public sealed record Field(string Name, string Value, bool Prefix) : SearchQuery;
    public sealed record Exists(string Name) : SearchQuery;
    public sealed record Range(string Name, string? From, string? To, bool Inclusive) : SearchQuery;
    public sealed record And(IReadOnlyList<SearchQuery> Parts) : SearchQuery;
    public sealed record Or(IReadOnlyList<SearchQuery> Parts) : SearchQuery;
    public sealed record Not(SearchQuery Part) : SearchQuery;

    public static SearchQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() is "\"\"" or "''") return new All();
        var parser = new Parser(Tokenize(text));
        var query = parser.ParseOr();
        if (!parser.AtEnd) throw CkanException.SearchQuery($"Unexpected '{parser.Peek}' in the query");
        return query;
    }

    /// <summary>The free-text words and phrases that must match, for ranking.</summary>
    public IEnumerable<Text> PositiveText() => this switch
    {
        Text t => [t],
        And a => a.Parts.SelectMany(p => p.PositiveText()),
        Or o => o.Parts.SelectMany(p => p.PositiveText()),
        _ => [],
    };

    static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(c.ToString()); i++; continue; }
            if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) throw CkanException.SearchQuery("A quoted phrase is not closed");
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
                continue;
            }
            var word = new StringBuilder();
            var depth = 0; // inside [a TO b]
            while (i < text.Length && (depth > 0 || !(char.IsWhiteSpace(text[i]) || text[i] is '(' or ')')))
            {
                if (text[i] is '[' or '{') depth++;
                if (text[i] is ']' or '}') depth--;
                if (text[i] == '"' && word.Length > 0 && word[^1] == ':')
                {
                    var end = text.IndexOf('"', i + 1);
                    if (end < 0) throw CkanException.SearchQuery("A quoted phrase is not closed");
                    word.Append(text[i..(end + 1)]);
                    i = end + 1;
                    continue;
                }
                word.Append(text[i++]);
            }
            if (depth != 0) throw CkanException.SearchQuery("A range is not closed");
            tokens.Add(word.ToString());
        }
        return tokens;
    }

    sealed class Parser(List<string> tokens)
    {
        int position;

        public bool AtEnd => position >= tokens.Count;
        public string Peek => tokens[position];

        public SearchQuery ParseOr()
        {
            var parts = new List<SearchQuery> { ParseAnd() };
            while (!AtEnd && Peek is "OR" or "||")
            {
                position++;
                parts.Add(ParseAnd());
            }
            return parts.Count == 1 ? parts[0] : new Or(parts);
        }

        SearchQuery ParseAnd()
        {
            var parts = new List<SearchQuery> { ParseUnary() };
            while (!AtEnd && Peek is not ("OR" or "||" or ")"))
            {
                if (Peek is "AND" or "&&") position++;
                parts.Add(ParseUnary());
            }
            return parts.Count == 1 ? parts[0] : new And(parts);
        }

        SearchQuery ParseUnary()
        {
            if (AtEnd) throw CkanException.SearchQuery("The query ends too early");
            var token = Peek;
            if (token is "NOT" or "!") { position++; return new Not(ParseUnary()); }
            if (token.Length > 1 && token[0] == '-') { tokens[position] = token[1..]; return new Not(ParseUnary()); }
            if (token.Length > 1 && token[0] == '+') { tokens[position] = token[1..]; return ParseUnary(); }
            if (token == "(")
            {
                position++;
                var inner = ParseOr();
                if (AtEnd || Peek != ")") throw CkanException.SearchQuery("A parenthesis is not closed");
                position++;
                return inner;
            }
            if (token is ")" or "AND" or "OR" or "&&" or "||") throw CkanException.SearchQuery($"Unexpected '{token}' in the query");
            position++;
            return Term(token);
        }

        static SearchQuery Term(string token)
        {
            if (token is "*:*" or "*") return new All();
            if (token.StartsWith('"')) return new Text(token.Trim('"'), Phrase: true, Prefix: false);
            var colon = token.IndexOf(':');
            if (colon <= 0 || colon == token.Length - 1)
            {
                var word = colon == token.Length - 1 ? token[..^1] : token;
                return word.EndsWith('*') && word.Length > 1 ? new Text(word[..^1], false, true) : new Text(word, false, false);
            }
            var field = token[..colon];
            var value = token[(colon + 1)..];
            if (value == "*") return new Exists(field);
            if (value[0] is '[' or '{')
            {
                var inclusive = value[0] == '[';
                var inner = value[1..^1];
                var parts = inner.Split(" TO ", 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || value[^1] is not (']' or '}')) throw CkanException.SearchQuery($"Invalid range '{value}'");
                return new Range(field, parts[0] == "*" ? null : parts[0], parts[1] == "*" ? null : parts[1], inclusive);
            }
            if (value.StartsWith('"')) return new Field(field, value.Trim('"'), Prefix: false);
            return value.EndsWith('*') && value.Length > 1 ? new Field(field, value[..^1], true) : new Field(field, value, false);
        }
    }
}
