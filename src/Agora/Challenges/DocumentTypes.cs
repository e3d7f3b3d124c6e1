namespace Agora.Challenges;

/// <summary>OCDS 1.1.5's documentType codelist (codelists/documentType.csv): the codes an attachment's
/// DocumentType may take, with their titles for the web UI.</summary>
public static class DocumentTypes
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["plannedProcurementNotice"] = "Notice of planned procurement",
        ["tenderNotice"] = "Tender notice",
        ["awardNotice"] = "Award notice",
        ["contractNotice"] = "Contract notice",
        ["completionCertificate"] = "Completion certificate",
        ["procurementPlan"] = "Procurement plan",
        ["biddingDocuments"] = "Bidding documents",
        ["technicalSpecifications"] = "Technical specifications",
        ["evaluationCriteria"] = "Evaluation criteria",
        ["evaluationReports"] = "Evaluation report",
        ["contractDraft"] = "Contract draft",
        ["contractSigned"] = "Signed contract",
        ["contractArrangements"] = "Arrangements for ending contract",
        ["contractSchedule"] = "Contract schedules",
        ["physicalProgressReport"] = "Physical progress reports",
        ["financialProgressReport"] = "Financial progress reports",
        ["finalAudit"] = "Final audit",
        ["hearingNotice"] = "Public hearing notice",
        ["marketStudies"] = "Market studies",
        ["eligibilityCriteria"] = "Eligibility criteria",
        ["clarifications"] = "Clarifications to bidders questions",
        ["shortlistedFirms"] = "Shortlisted firms",
        ["environmentalImpact"] = "Environmental impact",
        ["assetAndLiabilityAssessment"] = "Assessment of government's assets and liabilities",
        ["riskProvisions"] = "Provisions for management of risks and liabilities",
        ["winningBid"] = "Winning bid",
        ["complaints"] = "Complaints and decisions",
        ["contractAnnexe"] = "Annexes to the contract",
        ["contractGuarantees"] = "Guarantees",
        ["subContract"] = "Subcontracts",
        ["needsAssessment"] = "Needs assessment",
        ["feasibilityStudy"] = "Feasibility study",
        ["projectPlan"] = "Project plan",
        ["billOfQuantity"] = "Bill of quantity",
        ["bidders"] = "Information on bidders",
        ["conflictOfInterest"] = "Conflict of interest",
        ["debarments"] = "Debarments",
        ["illustration"] = "Illustrations",
        ["submissionDocuments"] = "Bid submission documents",
        ["contractSummary"] = "Contract summary",
        ["cancellationDetails"] = "Cancellation details",
    };

    /// <summary>The codes a challenge's documents usually have, first in the web UI's list.</summary>
    public static readonly string[] ForChallenges =
        ["needsAssessment", "marketStudies", "plannedProcurementNotice", "feasibilityStudy", "technicalSpecifications", "projectPlan", "illustration"];

    public static bool IsKnown(string? code) => code is not null && Titles.ContainsKey(code);

    public static string Title(string code) => Titles.TryGetValue(code, out var title) ? title : code;
}
