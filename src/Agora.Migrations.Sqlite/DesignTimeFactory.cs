using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for SQLite without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AgoraDbContext>
{
    public AgoraDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AgoraDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(StorageSetup.SqliteMigrations))
        .Options);
}
