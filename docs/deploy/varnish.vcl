# Varnish in front of Digest's app servers (docs/deploy/varnish.md).
#
# Pages say how long a shared cache may keep them (Cache-Control: s-maxage, until the next
# scheduled issue goes live at most) and which scopes of content they show (Surrogate-Key).
# When content changes, the app sends a BAN naming the changed scopes (DIGEST_CDN_PURGE_URLS);
# every page tagged with one of them is dropped at once, and only those.
vcl 4.1;

import std;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may send bans: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (!req.http.X-Surrogate-Key-Pattern) {
            return (synth(400, "X-Surrogate-Key-Pattern missing"));
        }
        # The pattern holds no spaces (the app writes \s), as a ban expression needs.
        if (std.ban("obj.http.Surrogate-Key ~ " + req.http.X-Surrogate-Key-Pattern)) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    # Signed-in editors (a session cookie) go to the app (Varnish's built-in rules pass
    # requests with cookies); everyone else may be served here. The language is in the URL.
}

sub vcl_backend_response {
    # Only pages the app tagged are kept (the 404 of an issue not yet published is tagged
    # too): anything else (another 404, a preview, an editor's page) could not be dropped
    # when content changes.
    if (!beresp.http.Surrogate-Key) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Past s-maxage, a page may be served stale while it is fetched again only for as long as
    # the app's stale-while-revalidate allows. Without it (a page whose s-maxage ends when a
    # scheduled issue goes live) never: Varnish's default grace would show it 10 s too long.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate") {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    # Scopes are for this cache only.
    unset resp.http.Surrogate-Key;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
