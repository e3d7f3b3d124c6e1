using Agora.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Agora.Catalog.Search;

/// <summary>Search results this node has computed, under the search version they were computed at
/// (<see cref="SearchState"/>). Any change to any dataset moves the version, on whichever node
/// it happens, so a remembered result is only ever served while it is still exact — as Solr's
/// query result cache is dropped on commit. Holds ids and counts, never dataset contents:
/// what a caller may see is part of the key.</summary>
public sealed class SearchCache : IDisposable
{
    readonly MemoryCache? cache;

    public SearchCache(IOptions<AgoraOptions> options)
    {
        var entries = options.Value.SearchCacheEntries;
        if (entries > 0) cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = entries, CompactionPercentage = 0.25 });
    }

    public bool Enabled => cache is not null;

    public bool TryGet(string key, out SearchResult? result)
    {
        result = null;
        return cache?.TryGetValue(key, out result) == true;
    }

    public void Set(string key, SearchResult result) =>
        cache?.Set(key, result, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(30) });

    public void Dispose() => cache?.Dispose();
}
