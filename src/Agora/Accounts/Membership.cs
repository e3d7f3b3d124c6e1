namespace Agora.Accounts;

/// <summary>A user's role in an organisation. Admins manage the organisation and its members;
/// editors publish on its behalf; members can see what it keeps private.</summary>
public enum MembershipRole { Member, Editor, Admin }

public sealed class Membership
{
    public Guid OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public MembershipRole Role { get; set; }
    public DateTime CreatedAt { get; set; }
}
