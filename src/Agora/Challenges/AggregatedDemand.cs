using Agora.Accounts;

namespace Agora.Challenges;

/// <summary>A total of one unit: quantities are only ever added up within the same unit.</summary>
public sealed record VolumeTotal(string Unit, decimal Quantity, int Agencies);

/// <summary>The demand of one group of agencies (a level of government, or a city).</summary>
public sealed record DemandGroup(string Key, int Agencies, long BudgetMinor, IReadOnlyList<VolumeTotal> Volumes);

/// <summary>What the agencies of a challenge would buy together — the market a supplier sees. Only the lead
/// and co-owning agencies count (supporters buy nothing). Quantities are totalled per unit (units are
/// compared trimmed and ignoring case, never converted); budgets are in minor units of <see cref="Currency"/>.</summary>
/// <param name="AgenciesWithBudget">How many agencies gave a budget: the total covers those only.</param>
/// <param name="ByLevel">Per level of government (state, regional, municipal), in that order.</param>
/// <param name="ByCity">Per city, largest budget first; agencies without a city are under "".</param>
/// <param name="NeededFrom">The earliest date any agency needs the solution from.</param>
/// <param name="NeededUntil">The latest date any agency needs it until.</param>
public sealed record AggregatedDemand(string Currency, int Agencies, int AgenciesWithBudget, long TotalBudgetMinor,
    IReadOnlyList<VolumeTotal> Volumes, IReadOnlyList<DemandGroup> ByLevel, IReadOnlyList<DemandGroup> ByCity,
    DateOnly? NeededFrom, DateOnly? NeededUntil)
{
    /// <param name="participants">The challenge's participants with their organisations loaded.</param>
    public static AggregatedDemand From(string currency, IEnumerable<ChallengeParticipant> participants)
    {
        var agencies = participants.Where(p => p.Role != ParticipantRole.Supporter).ToList();
        var byLevel = agencies.GroupBy(p => p.Organisation.Level)
            .OrderBy(g => g.Key is null ? int.MaxValue : (int)g.Key.Value)
            .Select(g => Group(g.Key is { } level ? Web.EnumText.Name(level) : "", g)).ToList();
        var byCity = agencies.GroupBy(p => p.Organisation.City?.Trim() ?? "", StringComparer.OrdinalIgnoreCase)
            .Select(g => Group(g.First().Organisation.City?.Trim() ?? "", g))
            .OrderByDescending(g => g.BudgetMinor).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ToList();
        return new AggregatedDemand(currency, agencies.Count, agencies.Count(p => p.BudgetMinor is not null), Budget(agencies),
            VolumesOf(agencies), byLevel, byCity,
            agencies.Min(p => p.NeededFrom), agencies.Max(p => p.NeededUntil));
    }

    static DemandGroup Group(string key, IEnumerable<ChallengeParticipant> members)
    {
        var list = members.ToList();
        return new DemandGroup(key, list.Count, Budget(list), VolumesOf(list));
    }

    // Budgets are capped on input (ChallengeManager.MaxBudgetMinor), so even thousands of agencies cannot overflow.
    static long Budget(IEnumerable<ChallengeParticipant> agencies) => checked(agencies.Sum(p => p.BudgetMinor ?? 0));

    static List<VolumeTotal> VolumesOf(IEnumerable<ChallengeParticipant> agencies) => agencies
        .Where(p => p.Quantity is not null && !string.IsNullOrWhiteSpace(p.Unit))
        .GroupBy(p => p.Unit!.Trim(), StringComparer.OrdinalIgnoreCase)
        .Select(g => new VolumeTotal(g.First().Unit!.Trim(), g.Sum(p => p.Quantity!.Value), g.Count()))
        .OrderByDescending(v => v.Agencies).ThenBy(v => v.Unit, StringComparer.OrdinalIgnoreCase).ToList();
}
