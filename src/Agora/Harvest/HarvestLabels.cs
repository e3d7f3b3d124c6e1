namespace Agora.Harvest;

/// <summary>How the web UI names harvesting's values.</summary>
public static class HarvestLabels
{
    public static string Type(HarvestSourceType type) => type == HarvestSourceType.Ckan ? "CKAN portal" : "DCAT catalogue";

    public static string Status(HarvestJobStatus status) => status switch
    {
        HarvestJobStatus.Queued => "Queued",
        HarvestJobStatus.Running => "Running",
        HarvestJobStatus.Finished => "Finished",
        _ => "Failed",
    };

    public static string Action(HarvestAction action) => action switch
    {
        HarvestAction.Created => "Created",
        HarvestAction.Updated => "Updated",
        HarvestAction.Unchanged => "Unchanged",
        HarvestAction.Deleted => "Deleted (no longer in the source)",
        _ => "Failed",
    };
}
