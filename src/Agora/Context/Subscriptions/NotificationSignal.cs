using System.Threading.Channels;

namespace Agora.Context.Subscriptions;

/// <summary>Wakes this node's notification worker when a change queued notifications, so delivery
/// does not wait for the next poll.</summary>
public sealed class NotificationSignal
{
    readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>True when signalled within <paramref name="timeout"/>, false when the time ran out.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await channel.Reader.WaitToReadAsync(cts.Token);
            return channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
