// Agora: one executable for the server and the operators' CLI. With no command it serves.
return await Agora.Cli.AgoraCli.RunAsync(args);

/// <summary>The entry point, public so that tests can host the server with WebApplicationFactory.</summary>
public partial class Program;
