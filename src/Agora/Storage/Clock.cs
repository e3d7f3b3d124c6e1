namespace Agora.Storage;

public static class Clock
{
    /// <summary>The current UTC time to the microsecond — what PostgreSQL keeps — so a time read
    /// back from the database equals the one Agora wrote and returned.</summary>
    public static DateTime UtcNow(this TimeProvider clock) => ToMicroseconds(clock.GetUtcNow().UtcDateTime);

    public static DateTime ToMicroseconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
