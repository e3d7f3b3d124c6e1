using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Agora.Storage;

public static class StorageSetup
{
    public const string SqliteMigrations = "Agora.Migrations.Sqlite";
    public const string PostgresMigrations = "Agora.Migrations.Postgres";

    /// <summary>Chooses the database provider from configuration and registers the context,
    /// the file store and the start-up initialiser.</summary>
    public static IHostApplicationBuilder AddAgoraStorage(this IHostApplicationBuilder builder)
    {
        LoadMigrationsFromAppFolder();
        // First of all hosted services: the others (data protection's key ring, say) read the database.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer.OnStart>());
        builder.Services.Configure<AgoraOptions>(builder.Configuration.GetSection(AgoraOptions.Section));
        var options = builder.Configuration.GetSection(AgoraOptions.Section).Get<AgoraOptions>() ?? new AgoraOptions();
        var connectionString = builder.Configuration.GetConnectionString("Agora");

        if (options.UsesPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    "Agora:Database is 'postgres' but ConnectionStrings:Agora is not set " +
                    "(e.g. ConnectionStrings__Agora='Host=localhost;Database=agora;Username=agora;Password=...').");
            builder.Services.AddDbContextPool<AgoraDbContext>(o => o.UseNpgsql(connectionString,
                npgsql => npgsql.MigrationsAssembly(PostgresMigrations)));
        }
        else if (options.Database.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            Directory.CreateDirectory(options.FullDataDirectory);
            connectionString ??= $"Data Source={Path.Combine(options.FullDataDirectory, "agora.db")}";
            builder.Services.AddDbContextPool<AgoraDbContext>(o => o.UseSqlite(connectionString,
                sqlite => sqlite.MigrationsAssembly(SqliteMigrations)).AddInterceptors(new SqliteTuning()));
            builder.Services.AddHostedService<SqliteCheckpointer>();
        }
        else
        {
            throw new InvalidOperationException($"Agora:Database must be 'sqlite' or 'postgres', not '{options.Database}'.");
        }

        // Several nodes behind a load balancer must read each other's cookies: keep the keys in the database.
        builder.Services.AddDataProtection().SetApplicationName("Agora").PersistKeysToDbContext<AgoraDbContext>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    static int resolverInstalled;

    /// <summary>The migrations assemblies are copied next to agora.dll by the build but are not in
    /// agora.deps.json (they reference Agora, so Agora cannot reference them), so the runtime
    /// would not find them by name: this finds them in the application's folder.</summary>
    static void LoadMigrationsFromAppFolder()
    {
        if (Interlocked.Exchange(ref resolverInstalled, 1) == 1) return;
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            if (name.Name is not (SqliteMigrations or PostgresMigrations)) return null;
            var path = Path.Combine(AppContext.BaseDirectory, name.Name + ".dll");
            return File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
    }
}
