using System.Data.Common;
using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Agora.Context;

/// <summary>Hand-written SQL for the context broker's reads (entity queries, temporal queries): the
/// conditions are built from the request, so they go through ADO.NET with named parameters.</summary>
static class ContextSql
{
    /// <summary>Adds one parameter per value (@prefix0, @prefix1…) and returns them as an IN list.</summary>
    public static string List(IEnumerable<string> values, string prefix, Dictionary<string, object?> parameters) =>
        string.Join(", ", Names(values, prefix, parameters));

    /// <summary>Adds one parameter per value (@prefix0, @prefix1…) and returns their names.</summary>
    public static List<string> Names(IEnumerable<string> values, string prefix, Dictionary<string, object?> parameters)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"@{prefix}{names.Count}";
            parameters[name] = value;
            names.Add(name);
        }
        return names;
    }

    /// <summary>A command on the context's connection (opened if need be), in its current transaction.</summary>
    public static async Task<DbCommand> CommandAsync(AgoraDbContext db, string sql, Dictionary<string, object?> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
