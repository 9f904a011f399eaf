/* rapport-dav.h
 *
 * RapportDavClient speaks WebDAV, CardDAV and CalDAV to one account: one
 * SoupSession (connections reused where the server keeps them alive; a
 * server that closes after each answer, as Radicale's HTTP/1.0 does, costs
 * a connection per request and nothing else), credentials held in memory
 * and handed to libsoup when the server asks (Basic or Digest; never
 * logged, never sent to a proxy), TLS verified.
 *
 * Every operation is a blocking _sync function meant for the sync
 * engine's worker thread. Any thread may call them, and the setters;
 * calls are serialized (one request on the session at a time, which
 * libsoup >= 3.2 allows from any thread). The timeout is fixed at
 * construction. Cancelling @cancellable stops a request and the wait
 * between attempts (RAPPORT_DAV_ERROR_CANCELLED).
 *
 * URLs given to the client are absolute http(s) URLs. The hrefs it returns
 * are normalized paths (rapport_dav_normalize_href()); resolve them
 * against the collection's URL with rapport_dav_resolve_href().
 *
 * Redirects (301, 302, 303, 307, 308) are followed for every method,
 * keeping method and body, at most 5 times, within the client's origin
 * only (scheme, host and port: the address the user entered, see
 * rapport_dav_client_set_origin()). Nothing is sent to another origin,
 * least of all credentials: a redirect there, or a URL there, fails with
 * RAPPORT_DAV_ERROR_OTHER_ORIGIN, and rapport_dav_error_get_url() gives
 * the address so that the user can confirm it as the account's address.
 *
 * Limits: an answer is read as it comes and refused
 * (RAPPORT_DAV_ERROR_TOO_LARGE) as soon as its body, once any gzip is
 * undone, passes the size limit (64 MiB). A request, body included, has
 * a deadline (5 minutes) whatever the server trickles; a run (the sync
 * engine's) can set one for all its requests. Both fail with
 * RAPPORT_DAV_ERROR_TIMEOUT and are not retried.
 *
 * Retries: a 5xx (not 501 or 507), a 429, a timeout or a dropped
 * connection is tried again after 0.5 s, 1 s, 2 s... (Retry-After when
 * the server gives one, at most 60 s), 3 attempts in all unless
 * rapport_dav_client_set_retry() says otherwise;
 * a request that carries a sync token is not retried on 5xx, it fails
 * with RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN at once. A retried PUT or
 * MKCOL may find its own first attempt done: the caller sees 412 (create)
 * or CONFLICT (MKCOL) and reads the resource again, as for any conflict.
 *
 * Certificates: a certificate the system does not trust fails with
 * RAPPORT_DAV_ERROR_TLS, its SHA-256 fingerprint in the message and
 * kept by the client (rapport_dav_client_dup_untrusted_fingerprint()).
 * Once the user has checked it, rapport_dav_client_set_trusted_certificate()
 * accepts that one certificate, and no other, for this account.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORT_DAV_ERROR (rapport_dav_error_quark ())

typedef enum
{
  RAPPORT_DAV_ERROR_INVALID_URL,          /* not an http(s) URL */
  RAPPORT_DAV_ERROR_AUTH,                 /* 401/407: user name or password refused */
  RAPPORT_DAV_ERROR_FORBIDDEN,            /* 403: the account may not do that */
  RAPPORT_DAV_ERROR_TLS,                  /* certificate not trusted, handshake failed */
  RAPPORT_DAV_ERROR_NOT_FOUND,            /* 404/410, or no DAV service found */
  RAPPORT_DAV_ERROR_PRECONDITION,         /* 412: changed on the server (If-Match, If-None-Match) */
  RAPPORT_DAV_ERROR_CONFLICT,             /* 409, or MKCOL on a taken URL (405) */
  RAPPORT_DAV_ERROR_UID_CONFLICT,         /* no-uid-conflict: another item has this UID */
  RAPPORT_DAV_ERROR_REJECTED,             /* the server refused this item (400, 403/409 with a condition, 413, 415...): quarantine it */
  RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN,   /* valid-sync-token, or a 5xx to a token: list everything again */
  RAPPORT_DAV_ERROR_INSUFFICIENT_STORAGE, /* 507: quota full, stop uploading */
  RAPPORT_DAV_ERROR_UNSUPPORTED,          /* 405/501: the server does not do that here */
  RAPPORT_DAV_ERROR_SERVER,               /* 5xx or 429 after the retries */
  RAPPORT_DAV_ERROR_PROTOCOL,             /* an answer that cannot be read (bad XML, 207 to PUT...) */
  RAPPORT_DAV_ERROR_NETWORK,              /* no connection, connection lost */
  RAPPORT_DAV_ERROR_TIMEOUT,              /* no answer in time */
  RAPPORT_DAV_ERROR_CANCELLED,
  RAPPORT_DAV_ERROR_OTHER_ORIGIN,         /* the server points to another origin: rapport_dav_error_get_url() */
  RAPPORT_DAV_ERROR_TOO_LARGE,            /* an answer larger than the client reads */
} RapportDavErrorCode;

GQuark      rapport_dav_error_quark   (void);
/* The address a RAPPORT_DAV_ERROR_OTHER_ORIGIN error points to (the
 * redirect's target, or the URL on the other origin), else NULL. */
const char *rapport_dav_error_get_url (const GError *error);

typedef enum
{
  RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
  RAPPORT_DAV_COLLECTION_CALENDAR,
} RapportDavCollectionKind;

typedef enum
{
  RAPPORT_DAV_COMPONENT_VEVENT   = 1 << 0,
  RAPPORT_DAV_COMPONENT_VTODO    = 1 << 1,
  RAPPORT_DAV_COMPONENT_VJOURNAL = 1 << 2,
} RapportDavComponents;

#define RAPPORT_DAV_COMPONENT_ALL (RAPPORT_DAV_COMPONENT_VEVENT | RAPPORT_DAV_COMPONENT_VTODO | RAPPORT_DAV_COMPONENT_VJOURNAL)

#define RAPPORT_TYPE_DAV_COLLECTION (rapport_dav_collection_get_type ())

typedef struct
{
  char                     *url;            /* absolute, as the server names it */
  RapportDavCollectionKind  kind;
  char                     *name;           /* DAV:displayname, or NULL */
  char                     *ctag;           /* CS:getctag, or NULL */
  char                     *sync_token;     /* DAV:sync-token, or NULL */
  gboolean                  supports_sync_collection;
  RapportDavComponents      components;     /* calendars; every one when the server does not say */
  gboolean                  vcard4;         /* address books: supported-address-data lists vCard 4.0 */
} RapportDavCollection;

GType                 rapport_dav_collection_get_type   (void) G_GNUC_CONST;
/* A collection known by URL and kind only (what the engine stores). */
RapportDavCollection *rapport_dav_collection_new        (const char                  *url,
                                                         RapportDavCollectionKind     kind);
RapportDavCollection *rapport_dav_collection_copy       (const RapportDavCollection  *self);
void                  rapport_dav_collection_free       (RapportDavCollection        *self);

typedef struct
{
  char  *principal_url;        /* NULL when the server names no principal */
  GStrv  addressbook_homes;    /* absolute URLs; empty, never NULL */
  GStrv  calendar_homes;
} RapportDavDiscovery;

void                  rapport_dav_discovery_free        (RapportDavDiscovery         *self);

/* A member of a collection and its ETag (as sent, quotes included; NULL
 * when the server gave none). */
typedef struct
{
  char *href;
  char *etag;
} RapportDavItem;

void                  rapport_dav_item_free             (RapportDavItem              *self);

typedef struct
{
  GPtrArray *changed;          /* RapportDavItem: new or changed members */
  GPtrArray *removed;          /* char *: hrefs the server answered 404 for */
  char      *sync_token;       /* the token to store, or to ask again with */
  gboolean   truncated;        /* 507 on the collection: more to come, ask again */
} RapportDavSyncResult;

void                  rapport_dav_sync_result_free      (RapportDavSyncResult        *self);

/* A fetched resource. @status is 200 with @data, or the status the server
 * gave for this href (404...), or 0 when a multiget answer did not
 * mention it at all (fetch that one with GET). Data read from a multiget
 * went through XML, which turns CRLF into LF (unless the server wrote
 * &#13;): GET gives the bytes as stored, multiget may not. */
typedef struct
{
  char  *href;
  guint  status;
  char  *etag;
  char  *data;                 /* NUL-terminated, NULL unless @status is 2xx */
  gsize  length;
} RapportDavResource;

void                  rapport_dav_resource_free         (RapportDavResource          *self);

#define RAPPORT_TYPE_DAV_CLIENT (rapport_dav_client_get_type ())

G_DECLARE_FINAL_TYPE (RapportDavClient, rapport_dav_client, RAPPORT, DAV_CLIENT, GObject)

/* @timeout: seconds without progress before a request fails
 * (RAPPORT_DAV_ERROR_TIMEOUT); 0 for the default of 30. */
RapportDavClient     *rapport_dav_client_new            (guint                        timeout);
/* Credentials for every server this client talks to; NULL user for none. */
void                  rapport_dav_client_set_credentials (RapportDavClient           *self,
                                                         const char                  *user,
                                                         const char                  *password);
/* The origin (scheme, host, port) of @url becomes the only one requests
 * and credentials go to. Without it the first request's URL sets it. */
void                  rapport_dav_client_set_origin     (RapportDavClient            *self,
                                                         const char                  *url);
/* The largest answer body read, in bytes once decoded (0: the default,
 * 64 MiB), and the seconds one request may take in all, body included
 * (0: the default, 300). */
void                  rapport_dav_client_set_limits     (RapportDavClient            *self,
                                                         gsize                        max_body,
                                                         guint                        request_seconds);
/* From now on, every request ends at the latest @seconds from now, and
 * none starts after (RAPPORT_DAV_ERROR_TIMEOUT, saying the run took too
 * long); 0 lifts it. For a whole sync run. */
void                  rapport_dav_client_set_run_deadline (RapportDavClient          *self,
                                                         guint                        seconds);
/* Attempts per request, at least 1 (default 3), and the first backoff
 * delay in milliseconds (default 500; doubles each time). */
void                  rapport_dav_client_set_retry      (RapportDavClient            *self,
                                                         guint                        max_tries,
                                                         guint                        first_delay_ms);
/* Accept exactly this certificate, given as a SHA-256 fingerprint (hex,
 * with or without colons) or as PEM, when the system does not trust it.
 * NULL forgets it. FALSE with RAPPORT_DAV_ERROR_TLS when @certificate is
 * neither. */
gboolean              rapport_dav_client_set_trusted_certificate (RapportDavClient   *self,
                                                         const char                  *certificate,
                                                         GError                     **error);
/* The fingerprint trusted by the call above ("AB:CD:..."), or NULL. */
char                 *rapport_dav_client_dup_trusted_fingerprint (RapportDavClient   *self);
/* The last certificate refused because nobody trusts it, and its
 * fingerprint, so the user can compare and decide; NULL when none was. */
GTlsCertificate      *rapport_dav_client_dup_untrusted_certificate (RapportDavClient *self);
char                 *rapport_dav_client_dup_untrusted_fingerprint (RapportDavClient *self);

/* RFC 6764: @url (a scheme is added when missing: https), else the
 * /.well-known/carddav and /.well-known/caldav of its host, then the
 * principal's address book and calendar homes. NOT_FOUND when neither
 * home is found. */
RapportDavDiscovery  *rapport_dav_client_discover_sync  (RapportDavClient            *self,
                                                         const char                  *url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* The address books and calendars directly in @home_url (PROPFIND Depth
 * 1); other members are left out. Returns RapportDavCollection. */
GPtrArray            *rapport_dav_client_list_collections_sync (RapportDavClient     *self,
                                                         const char                  *home_url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* One collection's properties (PROPFIND Depth 0): the cheap check of
 * ctag and sync token before a sync. */
RapportDavCollection *rapport_dav_client_get_collection_sync (RapportDavClient       *self,
                                                         const char                  *url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* CS:getctag alone; NULL with no error when the server has none. */
char                 *rapport_dav_client_get_ctag_sync  (RapportDavClient            *self,
                                                         const char                  *url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* CS:getctag of @url and of each member (PROPFIND Depth 1, nothing
 * else asked: a server may take long to work out a sync token). Returns
 * RapportDavItem: the href, and the ctag in etag (NULL when none). */
GPtrArray            *rapport_dav_client_list_ctags_sync (RapportDavClient           *self,
                                                         const char                  *url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* Extended MKCOL (RFC 5689) for an address book, MKCALENDAR (RFC 4791)
 * with @components (0 for the server's default) for a calendar. Returns
 * the new collection as the server describes it. */
RapportDavCollection *rapport_dav_client_create_collection_sync (RapportDavClient    *self,
                                                         const char                  *url,
                                                         RapportDavCollectionKind     kind,
                                                         const char                  *display_name,
                                                         RapportDavComponents         components,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* RFC 6578 sync-collection, sync-level 1, getetag only. An empty or NULL
 * @sync_token asks for everything. Loop while the result is truncated. */
RapportDavSyncResult *rapport_dav_client_sync_collection_sync (RapportDavClient      *self,
                                                         const char                  *collection_url,
                                                         const char                  *sync_token,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* Every member and its ETag (PROPFIND Depth 1 getetag), for servers
 * without sync-collection. Sub-collections are left out. Returns
 * RapportDavItem. */
GPtrArray            *rapport_dav_client_list_etags_sync (RapportDavClient           *self,
                                                         const char                  *collection_url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* addressbook-multiget or calendar-multiget (by @collection's kind; vCard
 * 4.0 asked for when it says vcard4), @batch_size hrefs per request (0:
 * 100). Returns one RapportDavResource per distinct href of @hrefs, in
 * that order. */
GPtrArray            *rapport_dav_client_multiget_sync  (RapportDavClient            *self,
                                                         const RapportDavCollection  *collection,
                                                         const char * const          *hrefs,
                                                         guint                        batch_size,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
RapportDavResource   *rapport_dav_client_get_sync       (RapportDavClient            *self,
                                                         const char                  *url,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* Creates (@if_match NULL: If-None-Match: *) or replaces (If-Match:
 * @if_match) the resource at @url. On success *@new_etag is the new ETag
 * when the server gave a strong one, else NULL: the server changed what
 * it stores, read it again. */
gboolean              rapport_dav_client_put_sync       (RapportDavClient            *self,
                                                         const char                  *url,
                                                         const char                  *content_type,
                                                         const char                  *data,
                                                         gsize                        length,
                                                         const char                  *if_match,
                                                         char                       **new_etag,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);
/* @if_match NULL deletes whatever is there. */
gboolean              rapport_dav_client_delete_sync    (RapportDavClient            *self,
                                                         const char                  *url,
                                                         const char                  *if_match,
                                                         GCancellable                *cancellable,
                                                         GError                     **error);

/* The absolute URL of @href (a path or a URL) seen from @base_url; NULL
 * when either is not a URL. */
char                 *rapport_dav_resolve_href          (const char                  *base_url,
                                                         const char                  *href);
/* The SHA-256 fingerprint of @certificate, "AB:CD:..." (as openssl x509
 * -fingerprint -sha256 prints it). */
char                 *rapport_dav_certificate_dup_fingerprint (GTlsCertificate      *certificate);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDavCollection, rapport_dav_collection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDavDiscovery, rapport_dav_discovery_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDavItem, rapport_dav_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDavSyncResult, rapport_dav_sync_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDavResource, rapport_dav_resource_free)

G_END_DECLS
