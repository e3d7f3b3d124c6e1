using Agora.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Agora.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context for PostgreSQL without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AgoraDbContext>
{
    public AgoraDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<AgoraDbContext>()
        .UseNpgsql("Host=localhost;Database=agora_design", o => o.MigrationsAssembly(StorageSetup.PostgresMigrations))
        .Options);
}
