// The benchmark baseline: Kestrel and minimal-API routing with one endpoint, nothing else.
// Run by scripts/bench with --urls http://127.0.0.1:PORT.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5099");

var app = builder.Build();
app.MapGet("/", () => "ok");
app.Run();
