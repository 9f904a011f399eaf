/* rapport-dav.c
 *
 * Every operation goes through client_send(): it holds send_lock for the
 * whole exchange (one request on the session at a time, so the session is
 * only ever used by one thread at a time), follows redirects itself
 * (libsoup would follow them for safe methods only, and turn a 303 into a
 * GET) and retries with backoff. It returns the final answer whatever its
 * status; each operation decides which statuses mean success, and
 * set_status_error() words the others.
 *
 * The two message signals that matter run inside the send, on the
 * calling thread: "authenticate" hands over the credentials (read under
 * lock, since the UI thread may change them), "accept-certificate" is
 * asked only about certificates the system does not trust and accepts
 * the pinned one. A refused certificate is kept in the SendContext of
 * that send, to word the error, and on the client, for the UI.
 *
 * Each attempt has its own cancellable, cancelled by the caller's and by
 * a timer at its deadline (the request's, or the run's when that comes
 * first). The timers run on one thread of their own with its own main
 * context, since a blocking send iterates none. The body is read from
 * the stream libsoup gives (after its content decoder) and counted, so
 * neither an endless body nor a gzip bomb grows past the limit.
 */

#define G_LOG_DOMAIN "rapport-dav"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "rapport-dav.h"
#include "rapport-multistatus.h"

#define DEFAULT_TIMEOUT       30
#define DEFAULT_MAX_TRIES     3
#define DEFAULT_FIRST_DELAY   500
#define MAX_DELAY_MS          60000
#define MAX_REDIRECTS         5
#define DEFAULT_BATCH_SIZE    100
#define DEFAULT_MAX_BODY      (64 * 1024 * 1024)
#define DEFAULT_REQUEST_S     300
#define READ_CHUNK            16384
/* Sync tokens and ctags are stored and sent back: a server's hundreds of
 * bytes are normal, megabytes are not. */
#define MAX_TOKEN_LENGTH      4096
#define FINGERPRINT_SIZE      32
#define XML_CONTENT_TYPE      "application/xml; charset=utf-8"

struct _RapportDavClient
{
  GObject           parent_instance;

  SoupSession      *session;
  SoupAuthManager  *auth_manager;        /* the session's; thread-safe */
  guint             timeout;

  /* Held for a whole exchange, retries included. */
  GMutex            send_lock;

  /* Guards what follows: set from any thread, read during sends. */
  GMutex            lock;
  char             *user;
  char             *password;
  guint             credentials_serial;  /* changes with the credentials */
  guint             max_tries;
  guint             first_delay_ms;
  gboolean          has_trusted;
  guint8            trusted[FINGERPRINT_SIZE];
  GTlsCertificate  *untrusted;
  char             *origin;              /* "https://host:443", or NULL until the first request */
  gsize             max_body;
  guint             request_seconds;
  gint64            run_deadline;        /* monotonic; 0: none */
  guint             run_seconds;
};

typedef struct
{
  const char *method;
  const char *url;
  const char *depth;                /* NULL: no Depth header */
  const char *content_type;
  GBytes     *body;                 /* NULL: no body */
  const char *if_match;
  gboolean    if_none_match_any;
  gboolean    carries_sync_token;
} Request;

typedef struct
{
  guint               status;
  char               *reason;
  char               *url;          /* after redirects */
  SoupMessageHeaders *headers;
  GBytes             *body;
} Response;

typedef struct
{
  RapportDavClient     *client;
  const Request        *request;
  guint                 credentials_tried;  /* credentials_serial last given */
  GTlsCertificate      *refused;
  GTlsCertificateFlags  refused_errors;
  SoupAuth             *auth;               /* the credentials were given to */
} SendContext;

G_DEFINE_FINAL_TYPE (RapportDavClient, rapport_dav_client, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (RapportDavCollection, rapport_dav_collection,
                     rapport_dav_collection_copy, rapport_dav_collection_free)

/* What a RAPPORT_DAV_ERROR carries besides its message. */
typedef struct
{
  char *url;                        /* OTHER_ORIGIN: where the server points */
} RapportDavErrorPrivate;

static void
rapport_dav_error_private_init (RapportDavErrorPrivate *priv)
{
  priv->url = NULL;
}

static void
rapport_dav_error_private_copy (const RapportDavErrorPrivate *src,
                                RapportDavErrorPrivate       *dest)
{
  dest->url = g_strdup (src->url);
}

static void
rapport_dav_error_private_clear (RapportDavErrorPrivate *priv)
{
  g_clear_pointer (&priv->url, g_free);
}

G_DEFINE_EXTENDED_ERROR (RapportDavError, rapport_dav_error)

enum {
  PROP_0,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Request bodies. Only getetag in sync-collection (RFC 6578 3.2), no
 * DAV:limit (Nextcloud answers an initial sync with a limit with 507). */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"

static const char propfind_principal_body[] =
  XML_HEAD
  "<d:propfind xmlns:d=\"DAV:\">"
  "<d:prop><d:current-user-principal/><d:resourcetype/></d:prop>"
  "</d:propfind>";

static const char propfind_homes_body[] =
  XML_HEAD
  "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\"" RAPPORT_CALDAV_NS "\" xmlns:a=\"" RAPPORT_CARDDAV_NS "\">"
  "<d:prop><a:addressbook-home-set/><c:calendar-home-set/></d:prop>"
  "</d:propfind>";

static const char propfind_collection_body[] =
  XML_HEAD
  "<d:propfind xmlns:d=\"DAV:\" xmlns:c=\"" RAPPORT_CALDAV_NS "\" xmlns:a=\"" RAPPORT_CARDDAV_NS "\""
  " xmlns:cs=\"" RAPPORT_CALSERVER_NS "\">"
  "<d:prop><d:resourcetype/><d:displayname/><cs:getctag/><d:sync-token/>"
  "<d:supported-report-set/><c:supported-calendar-component-set/><a:supported-address-data/></d:prop>"
  "</d:propfind>";

static const char propfind_ctag_body[] =
  XML_HEAD
  "<d:propfind xmlns:d=\"DAV:\" xmlns:cs=\"" RAPPORT_CALSERVER_NS "\">"
  "<d:prop><cs:getctag/></d:prop>"
  "</d:propfind>";

static const char propfind_etags_body[] =
  XML_HEAD
  "<d:propfind xmlns:d=\"DAV:\">"
  "<d:prop><d:resourcetype/><d:getetag/></d:prop>"
  "</d:propfind>";

/* Result types */

RapportDavCollection *
rapport_dav_collection_new (const char               *url,
                            RapportDavCollectionKind  kind)
{
  RapportDavCollection *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_new0 (RapportDavCollection, 1);
  self->url = g_strdup (url);
  self->kind = kind;
  self->components = RAPPORT_DAV_COMPONENT_ALL;

  return self;
}

RapportDavCollection *
rapport_dav_collection_copy (const RapportDavCollection *self)
{
  RapportDavCollection *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->url = g_strdup (self->url);
  copy->name = g_strdup (self->name);
  copy->ctag = g_strdup (self->ctag);
  copy->sync_token = g_strdup (self->sync_token);

  return copy;
}

void
rapport_dav_collection_free (RapportDavCollection *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_free (self->name);
  g_free (self->ctag);
  g_free (self->sync_token);
  g_free (self);
}

void
rapport_dav_discovery_free (RapportDavDiscovery *self)
{
  if (self == NULL)
    return;

  g_free (self->principal_url);
  g_strfreev (self->addressbook_homes);
  g_strfreev (self->calendar_homes);
  g_free (self);
}

void
rapport_dav_item_free (RapportDavItem *self)
{
  if (self == NULL)
    return;

  g_free (self->href);
  g_free (self->etag);
  g_free (self);
}

void
rapport_dav_sync_result_free (RapportDavSyncResult *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->changed);
  g_ptr_array_unref (self->removed);
  g_free (self->sync_token);
  g_free (self);
}

void
rapport_dav_resource_free (RapportDavResource *self)
{
  if (self == NULL)
    return;

  g_free (self->href);
  g_free (self->etag);
  g_free (self->data);
  g_free (self);
}

static RapportDavItem *
dav_item_new (const char *href,
              const char *etag)
{
  RapportDavItem *item = g_new0 (RapportDavItem, 1);

  item->href = g_strdup (href);
  item->etag = (etag != NULL && *etag != '\0') ? g_strdup (etag) : NULL;

  return item;
}

static void
response_free (Response *response)
{
  g_free (response->reason);
  g_free (response->url);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* Helpers */

static gboolean
compute_fingerprint (GTlsCertificate *certificate,
                     guint8           digest[FINGERPRINT_SIZE])
{
  g_autoptr(GByteArray) der = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  gsize len = FINGERPRINT_SIZE;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return FALSE;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, digest, &len);

  return len == FINGERPRINT_SIZE;
}

static char *
format_fingerprint (const guint8 digest[FINGERPRINT_SIZE])
{
  GString *out = g_string_sized_new (FINGERPRINT_SIZE * 3);

  for (guint i = 0; i < FINGERPRINT_SIZE; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : ":%02X", digest[i]);

  return g_string_free (out, FALSE);
}

/* Hex digits with optional ':' or white space between bytes. */
static gboolean
parse_fingerprint (const char *text,
                   guint8      digest[FINGERPRINT_SIZE])
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; )
    {
      if (*p == ':' || g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || n == FINGERPRINT_SIZE)
        return FALSE;
      digest[n++] = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
      p += 2;
    }

  return n == FINGERPRINT_SIZE;
}

/* An absolute http(s) URL without user information, or NULL. */
static char *
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_URL,
                   _("“%s” is not a web address (it should start with https://)."),
                   url != NULL ? url : "");
      return NULL;
    }

  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
}

/* "https://host:443": the scheme, the host in lower case and the port,
 * a default port written out, so that equal origins compare equal. */
static char *
origin_of (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  g_autofree char *lower_scheme = g_ascii_strdown (scheme != NULL ? scheme : "", -1);
  g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : "", -1);
  int port = g_uri_get_port (uri);

  if (port <= 0)
    port = strcmp (lower_scheme, "https") == 0 ? 443 : 80;

  return g_strdup_printf ("%s://%s:%d", lower_scheme, host, port);
}

static gboolean
is_client_origin (RapportDavClient *self,
                  GUri             *uri)
{
  g_autofree char *origin = origin_of (uri);
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->origin != NULL && strcmp (origin, self->origin) == 0;
}

/* The URL is another origin's: refused, with the URL kept in the error
 * for the account setup to offer. */
static void
set_other_origin_error (GUri     *target,
                        gboolean  redirected,
                        GError  **error)
{
  g_autofree char *url = g_uri_to_string_partial (target, G_URI_HIDE_USERINFO);
  GError *local_error;

  if (redirected)
    /* Translators: %s is a URL */
    local_error = g_error_new (RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN,
                               _("The server sent Rapport to another address, %s. Rapport sends your "
                                 "password only to the address you entered; to use this one, enter it "
                                 "as the server’s address."),
                               url);
  else
    /* Translators: %s is a URL */
    local_error = g_error_new (RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN,
                               _("The server points Rapport to another address, %s. Rapport sends your "
                                 "password only to the address you entered; to use this one, enter it "
                                 "as the server’s address."),
                               url);
  rapport_dav_error_get_private (local_error)->url = g_steal_pointer (&url);
  g_propagate_error (error, local_error);
}

const char *
rapport_dav_error_get_url (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != RAPPORT_DAV_ERROR || error->code != RAPPORT_DAV_ERROR_OTHER_ORIGIN)
    return NULL;

  return rapport_dav_error_get_private (error)->url;
}

char *
rapport_dav_resolve_href (const char *base_url,
                          const char *href)
{
  const GUriFlags flags = SOUP_HTTP_URI_FLAGS | G_URI_FLAGS_PARSE_RELAXED;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) target = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (href != NULL, NULL);

  base = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);
  if (base == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (href));
  if (g_uri_peek_scheme (trimmed) != NULL)
    {
      target = g_uri_parse (trimmed, flags, NULL);
      if (target == NULL || g_uri_get_host (target) == NULL)
        return NULL;
    }
  else if (trimmed[0] != '/')
    {
      /* A relative reference ("card.vcf"): rare, resolved as RFC 3986 says. */
      target = g_uri_parse_relative (base, trimmed, flags, NULL);
      if (target == NULL)
        return NULL;
    }
  else
    target = g_uri_ref (base);

  /* The path the one same way whatever the server's escaping. */
  path = rapport_dav_normalize_href (trimmed[0] == '/' ? trimmed : g_uri_get_path (target));

  return g_uri_join (SOUP_HTTP_URI_FLAGS,
                     g_uri_get_scheme (target), NULL,
                     g_uri_get_host (target), g_uri_get_port (target),
                     path, NULL, NULL);
}

char *
rapport_dav_certificate_dup_fingerprint (GTlsCertificate *certificate)
{
  guint8 digest[FINGERPRINT_SIZE];

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  if (!compute_fingerprint (certificate, digest))
    return NULL;
  return format_fingerprint (digest);
}

/* "\"abc\"" stays; abc becomes "\"abc\"" (some servers list ETags
 * without their quotes, If-Match needs them). */
static char *
quote_etag (const char *etag)
{
  if (etag[0] == '"' || g_str_has_prefix (etag, "W/"))
    return g_strdup (etag);
  return g_strdup_printf ("\"%s\"", etag);
}

static gboolean
etag_is_strong (const char *etag)
{
  return etag != NULL && *etag != '\0' && !g_str_has_prefix (etag, "W/");
}

static char *
dup_reason (const Response *response)
{
  if (response->reason != NULL && *response->reason != '\0')
    return g_utf8_make_valid (response->reason, -1);
  return g_strdup (soup_status_get_phrase (response->status));
}

static const char *
certificate_problem (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by an authority this computer knows");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was issued for another server name");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");
  return _("it could not be verified");
}

/* Words a failed send (no HTTP answer) for the user. */
static void
set_transport_error (RapportDavClient  *self,
                     const SendContext *ctx,
                     const GError      *cause,
                     GError           **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CANCELLED,
                         _("The operation was cancelled."));
  else if (ctx->refused != NULL)
    {
      g_autofree char *fingerprint = rapport_dav_certificate_dup_fingerprint (ctx->refused);

      /* Translators: the first %s says why ("it has expired"), the second
       * is a SHA-256 fingerprint, "AB:CD:..." */
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS,
                   _("The server’s certificate is not trusted: %s. Its SHA-256 fingerprint is %s. "
                     "Trust it only if the server’s administrator confirms this fingerprint."),
                   certificate_problem (ctx->refused_errors),
                   fingerprint != NULL ? fingerprint : "?");
    }
  else if (cause->domain == G_TLS_ERROR)
    /* Translators: %s is the system's description of the problem */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS,
                 _("A secure connection to the server could not be set up: %s"),
                 cause->message);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The server did not answer within %u second.",
                              "The server did not answer within %u seconds.",
                              self->timeout),
                 self->timeout);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    /* Translators: %s says how much came ("The connection closed after 56 of 190 bytes…") */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK,
                 _("The server’s answer was cut off: %s"),
                 cause->message);
  else if (cause->domain == SOUP_SESSION_ERROR)
    /* Translators: %s is libsoup's description of the problem */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                 _("The server’s answer could not be read: %s"),
                 cause->message);
  else if (cause->domain == G_RESOLVER_ERROR)
    /* Translators: %s is the system's description of the problem */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK,
                 _("The server’s name could not be found: %s"),
                 cause->message);
  else
    /* Translators: %s is the system's description of the problem */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK,
                 _("The server could not be reached: %s"),
                 cause->message);
}

static gboolean
is_write_method (const char *method)
{
  return strcmp (method, "PUT") == 0 || strcmp (method, "DELETE") == 0;
}

static gboolean
is_mkcol_method (const char *method)
{
  return strcmp (method, "MKCOL") == 0 || strcmp (method, "MKCALENDAR") == 0;
}

static gboolean
response_has_condition (const Response *response,
                        const char     *ns,
                        const char     *name)
{
  gsize len = 0;
  const char *body = response->body != NULL ? g_bytes_get_data (response->body, &len) : NULL;

  return rapport_dav_error_body_has_condition (body, len, ns, name);
}

/* Words an HTTP answer that is not the success the operation wanted. */
static void
set_status_error (const Request  *request,
                  const Response *response,
                  GError        **error)
{
  g_autofree char *reason = dup_reason (response);
  guint status = response->status;
  const char *url = response->url;

  if (((status == 403 || status == 409) &&
       response_has_condition (response, RAPPORT_DAV_NS, "valid-sync-token")) ||
      (request->carries_sync_token && status >= 500 && status != 507))
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN,
                           _("The server no longer knows where the last synchronization stopped; "
                             "everything will be compared again."));
      return;
    }

  if ((status == 403 || status == 409) &&
      (response_has_condition (response, RAPPORT_CARDDAV_NS, "no-uid-conflict") ||
       response_has_condition (response, RAPPORT_CALDAV_NS, "no-uid-conflict")))
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_UID_CONFLICT,
                           _("Another item on the server already has the same unique identifier (UID)."));
      return;
    }

  switch (status)
    {
    case 401:
    case 407:
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH,
                           _("The server did not accept the user name or password."));
      return;
    case 403:
      if (is_write_method (request->method))
        break;
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_FORBIDDEN,
                   _("The server does not allow this account to do that at %s."), url);
      return;
    case 404:
    case 410:
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("There is nothing at %s on the server."), url);
      return;
    case 405:
      if (is_mkcol_method (request->method))
        g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT,
                     _("Something already exists at %s on the server."), url);
      else
        /* Translators: %s is a URL, %u %s an HTTP status ("405 Method Not Allowed") */
        g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_UNSUPPORTED,
                     _("The server does not support this at %s (%u %s)."), url, status, reason);
      return;
    case 409:
      if (is_write_method (request->method))
        break;
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT,
                   _("The server refused the change at %s: it conflicts with what is there."), url);
      return;
    case 412:
      if (request->if_none_match_any)
        g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION,
                     _("An item already exists at %s on the server."), url);
      else
        g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION,
                     _("The item at %s was changed on the server in the meantime."), url);
      return;
    case 429:
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_SERVER,
                           _("The server is busy. Try again later."));
      return;
    case 501:
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_UNSUPPORTED,
                   _("The server does not support this at %s (%u %s)."), url, status, reason);
      return;
    case 507:
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INSUFFICIENT_STORAGE,
                           _("The account has no space left on the server."));
      return;
    default:
      break;
    }

  if (status >= 400 && status < 500)
    /* Translators: %s is a URL, %u %s an HTTP status ("400 Bad Request") */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_REJECTED,
                 _("The server refused the item at %s (%u %s)."), url, status, reason);
  else if (status >= 500)
    /* Translators: %u %s is an HTTP status ("503 Service Unavailable") */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_SERVER,
                 _("The server had a problem (%u %s). Try again later."), status, reason);
  else
    /* Translators: %s is a URL, %u %s an HTTP status ("302 Found") */
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                 _("The server gave an unexpected answer at %s (%u %s)."), url, status, reason);
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static gboolean
is_retryable_error (const GError *error)
{
  if (error->domain != G_IO_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_PARTIAL_INPUT:
    case G_IO_ERROR_NOT_CONNECTED:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Retry-After in milliseconds (seconds or an HTTP date), 0 when absent. */
static guint
retry_after_ms (const Response *response)
{
  const char *value = soup_message_headers_get_one (response->headers, "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan span;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &seconds, NULL))
    return (guint) MIN (seconds, (guint64) (MAX_DELAY_MS / 1000)) * 1000;

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (when, now);
  if (span <= 0)
    return 0;

  return (guint) MIN (span / 1000, (GTimeSpan) MAX_DELAY_MS);
}

/* Sleeps @ms unless @cancellable fires first; FALSE when it did. */
static gboolean
wait_cancellable (guint         ms,
                  GCancellable *cancellable)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  GPollFD pollfd;
  gboolean have_fd;

  have_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd);

  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable) || left <= 0)
        break;
      if (have_fd)
        g_poll (&pollfd, 1, (int) MAX (1, left / 1000));
      else
        g_usleep ((gulong) MIN (left, 50000));
    }

  if (have_fd)
    g_cancellable_release_fd (cancellable);

  return !g_cancellable_is_cancelled (cancellable);
}

/* Deadlines */

static gpointer
deadline_thread_main (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);

  return NULL;
}

/* The context the deadline timers run on, on a thread of its own. */
static GMainContext *
deadline_context (void)
{
  static GMainContext *context;

  if (g_once_init_enter (&context))
    {
      GMainContext *created = g_main_context_new ();

      g_thread_unref (g_thread_new ("rapport-dav-deadline", deadline_thread_main, created));
      g_once_init_leave (&context, created);
    }

  return context;
}

/* Shared by an attempt and its timer (which may fire on the other
 * thread as the attempt ends), hence reference counted. */
typedef struct
{
  GCancellable *cancellable;
  int           expired;            /* atomic */
} Timer;

static void
timer_clear (Timer *timer)
{
  g_clear_object (&timer->cancellable);
}

static void
timer_release (gpointer timer)
{
  g_atomic_rc_box_release_full (timer, (GDestroyNotify) timer_clear);
}

static gboolean
timer_fired_cb (gpointer user_data)
{
  Timer *timer = user_data;

  g_atomic_int_set (&timer->expired, 1);
  g_cancellable_cancel (timer->cancellable);

  return G_SOURCE_REMOVE;
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

/* One attempt's cancellable: the caller's @parent or @ms passing
 * cancels it. */
typedef struct
{
  Timer        *timer;
  GSource      *source;
  GCancellable *parent;
  gulong        handler;
  gboolean      is_run;             /* the run's deadline comes first */
} Attempt;

static void
attempt_start (Attempt      *attempt,
               GCancellable *parent,
               guint         ms,
               gboolean      is_run)
{
  attempt->timer = g_atomic_rc_box_new0 (Timer);
  attempt->timer->cancellable = g_cancellable_new ();
  attempt->is_run = is_run;
  attempt->source = g_timeout_source_new (ms);
  g_source_set_callback (attempt->source, timer_fired_cb, g_atomic_rc_box_acquire (attempt->timer), timer_release);
  g_source_attach (attempt->source, deadline_context ());
  if (parent != NULL)
    {
      attempt->parent = g_object_ref (parent);
      attempt->handler = g_cancellable_connect (parent, G_CALLBACK (parent_cancelled_cb),
                                                g_object_ref (attempt->timer->cancellable), g_object_unref);
    }
}

static gboolean
attempt_expired (const Attempt *attempt)
{
  return g_atomic_int_get (&attempt->timer->expired) &&
         !g_cancellable_is_cancelled (attempt->parent);
}

static void
attempt_finish (Attempt *attempt)
{
  if (attempt->parent != NULL)
    g_cancellable_disconnect (attempt->parent, attempt->handler);
  g_clear_object (&attempt->parent);
  g_source_destroy (attempt->source);
  g_clear_pointer (&attempt->source, g_source_unref);
  g_clear_pointer (&attempt->timer, timer_release);
}

static void
set_deadline_error (RapportDavClient *self,
                    gboolean          is_run,
                    GError          **error)
{
  guint seconds;

  g_mutex_lock (&self->lock);
  seconds = is_run ? self->run_seconds : self->request_seconds;
  g_mutex_unlock (&self->lock);

  if (is_run)
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The sync took longer than %u second and was stopped; what it received is kept.",
                              "The sync took longer than %u seconds and was stopped; what it received is kept.",
                              seconds),
                 seconds);
  else
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT,
                 g_dngettext (GETTEXT_PACKAGE,
                              "The server did not finish its answer within %u second.",
                              "The server did not finish its answer within %u seconds.",
                              seconds),
                 seconds);
}

/* Signals */

static gboolean
authenticate_cb (SoupMessage *message,
                 SoupAuth    *auth,
                 gboolean     retrying,
                 gpointer     user_data)
{
  SendContext *ctx = user_data;
  RapportDavClient *self = ctx->client;
  g_autoptr(GMutexLocker) locker = NULL;

  if (soup_auth_is_for_proxy (auth))
    return FALSE;
  /* Never another origin's to ask (send_once() sends nothing there; this
   * holds whatever gets there). */
  if (!is_client_origin (self, soup_message_get_uri (message)))
    return FALSE;

  locker = g_mutex_locker_new (&self->lock);
  /* Asked again after this message was given these very credentials:
   * they were refused, let the 401 through. (Asked again after
   * libsoup's cached credentials failed, we still try the current ones:
   * the user may just have changed them.) */
  if (self->user == NULL || (retrying && ctx->credentials_tried == self->credentials_serial))
    return FALSE;
  soup_auth_authenticate (auth, self->user, self->password != NULL ? self->password : "");
  ctx->credentials_tried = self->credentials_serial;
  g_set_object (&ctx->auth, auth);

  return TRUE;
}

static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  SendContext *ctx = user_data;
  RapportDavClient *self = ctx->client;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  guint8 digest[FINGERPRINT_SIZE];

  if (self->has_trusted &&
      compute_fingerprint (certificate, digest) &&
      memcmp (digest, self->trusted, FINGERPRINT_SIZE) == 0)
    return TRUE;

  g_set_object (&ctx->refused, certificate);
  ctx->refused_errors = errors;
  g_set_object (&self->untrusted, certificate);

  return FALSE;
}

/* libsoup 3.2 restarts a message after a 401 (and on a connection the
 * server closed, as HTTP/1.0 Radicale does after every answer) with the
 * request body stream already read to its end: the headers announce the
 * Content-Length, no byte follows, and the server waits until we time
 * out. A fresh stream over the same bytes for every restart. */
static void
restarted_cb (SoupMessage *message,
              gpointer     user_data)
{
  SendContext *ctx = user_data;

  if (ctx->request->body != NULL)
    soup_message_set_request_body_from_bytes (message, ctx->request->content_type, ctx->request->body);
}

/* Sending */

static gboolean
should_follow (const char *method,
               guint       status)
{
  gboolean reads = strcmp (method, "GET") == 0 || strcmp (method, "PROPFIND") == 0 ||
                   strcmp (method, "REPORT") == 0;

  switch (status)
    {
    case 307:
    case 308:
      return TRUE;
    case 301:
    case 302:
    case 303:
      /* A 303 to a write points at a result to GET, not at a new target. */
      return reads;
    default:
      return FALSE;
    }
}

/* A 204 or 304 has no body and, as RFC 9110 wants, no Content-Length;
 * libsoup 3.2 then takes the answer for one that ends when the
 * connection closes, and drops a connection the server keeps open (one
 * new connection, and TLS handshake, per item a server answers 204 to).
 * Saying the body is empty keeps it. */
static void
got_headers_cb (SoupMessage *message,
                gpointer     user_data)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  guint status = soup_message_get_status (message);

  if ((status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED) &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_EOF &&
      soup_message_get_http_version (message) == SOUP_HTTP_1_1)
    soup_message_headers_set_content_length (headers, 0);
}

/* libsoup hands over what came before the connection closed, even when
 * that is less than the Content-Length said (and a cut gzip stream
 * inflates without complaint): a cut answer, which must not be read as a
 * short resource. The length counts the bytes on the wire, before any
 * Content-Encoding is undone. */
static gboolean
body_is_whole (SoupMessage  *message,
               GError      **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  SoupMessageMetrics *metrics = soup_message_get_metrics (message);
  guint64 received;
  goffset expected;

  if (metrics == NULL ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      g_strcmp0 (soup_message_get_method (message), SOUP_METHOD_HEAD) == 0)
    return TRUE;

  expected = soup_message_headers_get_content_length (headers);
  received = soup_message_metrics_get_response_body_bytes_received (metrics);
  if (received >= (guint64) expected)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
               _("The connection closed after %" G_GUINT64_FORMAT " of %" G_GOFFSET_FORMAT " bytes of the answer"),
               received, expected);
  return FALSE;
}

/* The body as libsoup decodes it, read in chunks and counted: more than
 * @max bytes fails at once with TOO_LARGE, having held at most @max. */
static GBytes *
read_body (GInputStream  *stream,
           gsize          max,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, READ_CHUNK, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if ((gsize) n > max - body->len)
        {
          g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TOO_LARGE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server’s answer is larger than %" G_GSIZE_FORMAT " byte, "
                                    "more than Rapport reads.",
                                    "The server’s answer is larger than %" G_GSIZE_FORMAT " bytes, "
                                    "more than Rapport reads.",
                                    max),
                       max);
          return NULL;
        }
      g_byte_array_append (body, buffer, (guint) n);
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

/* One attempt, redirects followed within the client's origin. NULL with
 * a GIO, TLS or libsoup error when no HTTP answer came, or with a
 * RAPPORT_DAV_ERROR (OTHER_ORIGIN, TOO_LARGE) that no retry changes. */
static Response *
send_once (RapportDavClient *self,
           const Request    *request,
           SendContext      *ctx,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GUri) uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, error);
  gsize max_body;

  if (uri == NULL)
    return NULL;

  g_mutex_lock (&self->lock);
  max_body = self->max_body;
  g_mutex_unlock (&self->lock);

  for (guint hop = 0; ; hop++)
    {
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GBytes) body = NULL;
      SoupMessageHeaders *headers;
      Response *response;

      /* Nothing goes to another origin: not the request, not the
       * credentials (libsoup would hand them to any server that asks). */
      if (!is_client_origin (self, uri))
        {
          set_other_origin_error (uri, hop > 0, error);
          return NULL;
        }

      message = soup_message_new_from_uri (request->method, uri);
      headers = soup_message_get_request_headers (message);
      soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS);
      if (request->depth != NULL)
        soup_message_headers_replace (headers, "Depth", request->depth);
      if (request->if_match != NULL)
        soup_message_headers_replace (headers, "If-Match", request->if_match);
      if (request->if_none_match_any)
        soup_message_headers_replace (headers, "If-None-Match", "*");
      if (request->body != NULL)
        soup_message_set_request_body_from_bytes (message, request->content_type, request->body);

      g_signal_connect (message, "authenticate", G_CALLBACK (authenticate_cb), ctx);
      g_signal_connect (message, "accept-certificate", G_CALLBACK (accept_certificate_cb), ctx);
      g_signal_connect (message, "restarted", G_CALLBACK (restarted_cb), ctx);
      g_signal_connect (message, "got-headers", G_CALLBACK (got_headers_cb), NULL);

      stream = soup_session_send (self->session, message, cancellable, error);
      if (stream == NULL)
        return NULL;
      body = read_body (stream, max_body, cancellable, error);
      if (body == NULL)
        {
          /* Closing reads the rest of the body: an endless one must not
           * be, the attempt's cancellable ends it (and the connection). */
          g_cancellable_cancel (cancellable);
          g_input_stream_close (stream, cancellable, NULL);
          return NULL;
        }
      g_input_stream_close (stream, cancellable, NULL);
      if (!body_is_whole (message, error))
        return NULL;

      /* Taken: the same credentials for the whole origin from now on.
       * libsoup would otherwise reuse them only below the path they were
       * asked for, and the home's PROPFIND would first meet a 401. The
       * root is this origin's, the only one credentials go to. */
      if (ctx->auth != NULL && soup_message_get_status (message) != SOUP_STATUS_UNAUTHORIZED &&
          soup_auth_is_authenticated (ctx->auth))
        {
          g_autoptr(GUri) root = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                              g_uri_get_host (uri), g_uri_get_port (uri), "/", NULL, NULL);

          soup_auth_manager_use_auth (self->auth_manager, root, ctx->auth);
          g_clear_object (&ctx->auth);
        }

      if (hop < MAX_REDIRECTS && should_follow (request->method, soup_message_get_status (message)))
        {
          const char *location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                               "Location");
          g_autoptr(GUri) next = NULL;

          if (location != NULL)
            next = g_uri_parse_relative (uri, location, SOUP_HTTP_URI_FLAGS, NULL);
          if (next != NULL &&
              (g_strcmp0 (g_uri_get_scheme (next), "https") == 0 ||
               (g_strcmp0 (g_uri_get_scheme (next), "http") == 0 &&
                g_strcmp0 (g_uri_get_scheme (uri), "http") == 0)))
            {
              g_clear_pointer (&uri, g_uri_unref);
              uri = g_steal_pointer (&next);
              continue;
            }
        }

      response = g_new0 (Response, 1);
      response->status = soup_message_get_status (message);
      response->reason = g_strdup (soup_message_get_reason_phrase (message));
      response->url = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);
      response->headers = soup_message_headers_ref (soup_message_get_response_headers (message));
      response->body = g_steal_pointer (&body);

      return response;
    }
}

/* The time the next attempt may take, in ms; FALSE when the run's
 * deadline has passed. */
static gboolean
attempt_budget (RapportDavClient *self,
                guint            *ms,
                gboolean         *is_run)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  gint64 request_ms = (gint64) self->request_seconds * 1000;
  gint64 left_ms;

  *ms = (guint) request_ms;
  *is_run = FALSE;
  if (self->run_deadline == 0)
    return TRUE;

  left_ms = (self->run_deadline - g_get_monotonic_time ()) / 1000;
  if (left_ms <= 0)
    {
      *is_run = TRUE;
      return FALSE;
    }
  if (left_ms < request_ms)
    {
      *ms = (guint) left_ms;
      *is_run = TRUE;
    }

  return TRUE;
}

/* The exchange: attempts with backoff. Returns the last HTTP answer,
 * whatever its status, or NULL with @error in RAPPORT_DAV_ERROR. */
static Response *
client_send (RapportDavClient *self,
             const Request    *request,
             GCancellable     *cancellable,
             GError          **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) send_locker = g_mutex_locker_new (&self->send_lock);
  guint max_tries;
  guint delay_ms;

  g_mutex_lock (&self->lock);
  max_tries = self->max_tries;
  delay_ms = self->first_delay_ms;
  /* The first address the client is given is the one the user entered. */
  if (self->origin == NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (request->url, SOUP_HTTP_URI_FLAGS, NULL);

      if (uri != NULL)
        self->origin = origin_of (uri);
    }
  g_mutex_unlock (&self->lock);

  for (guint attempt = 1; ; attempt++)
    {
      SendContext ctx = { self, request, 0, NULL, 0, NULL };
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Response) response = NULL;
      Attempt limits = { 0 };
      guint wait_ms = delay_ms;
      guint budget_ms;
      gboolean is_run;

      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CANCELLED,
                               _("The operation was cancelled."));
          return NULL;
        }
      if (!attempt_budget (self, &budget_ms, &is_run))
        {
          set_deadline_error (self, TRUE, error);
          return NULL;
        }

      attempt_start (&limits, cancellable, budget_ms, is_run);
      response = send_once (self, request, &ctx, limits.timer->cancellable, &local_error);
      if (response == NULL && attempt_expired (&limits))
        {
          set_deadline_error (self, limits.is_run, error);
          attempt_finish (&limits);
          g_clear_object (&ctx.refused);
          g_clear_object (&ctx.auth);
          return NULL;
        }
      attempt_finish (&limits);

      if (response == NULL)
        {
          if (local_error->domain == RAPPORT_DAV_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_clear_object (&ctx.refused);
              g_clear_object (&ctx.auth);
              return NULL;
            }
          if (ctx.refused != NULL || !is_retryable_error (local_error) || attempt >= max_tries)
            {
              set_transport_error (self, &ctx, local_error, error);
              g_clear_object (&ctx.refused);
              g_clear_object (&ctx.auth);
              return NULL;
            }
          g_debug ("%s %s: %s; trying again in %u ms",
                   request->method, request->url, local_error->message, wait_ms);
        }
      else
        {
          gboolean retry = is_retryable_status (response->status) &&
                           !(request->carries_sync_token && response->status >= 500);

          g_debug ("%s %s: %u, %" G_GSIZE_FORMAT " bytes", request->method, request->url,
                   response->status, g_bytes_get_size (response->body));

          if (!retry || attempt >= max_tries)
            {
              g_clear_object (&ctx.auth);
              return g_steal_pointer (&response);
            }
          wait_ms = MAX (wait_ms, retry_after_ms (response));
          g_debug ("%s %s: %u; trying again in %u ms",
                   request->method, request->url, response->status, wait_ms);
        }

      g_clear_object (&ctx.refused);
      g_clear_object (&ctx.auth);
      if (!wait_cancellable (wait_ms, cancellable))
        {
          g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CANCELLED,
                               _("The operation was cancelled."));
          return NULL;
        }
      delay_ms = MIN (delay_ms * 2, MAX_DELAY_MS);
    }
}

/* PROPFIND or REPORT answered with a multistatus; @final_url (optional)
 * receives the URL after redirects, the base for the hrefs. */
static RapportMultistatus *
multistatus_request (RapportDavClient  *self,
                     const Request     *request,
                     char             **final_url,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(Response) response = client_send (self, request, cancellable, error);
  RapportMultistatus *multistatus;
  const char *body;
  gsize len = 0;

  if (response == NULL)
    return NULL;
  if (response->status != 207)
    {
      set_status_error (request, response, error);
      return NULL;
    }

  body = g_bytes_get_data (response->body, &len);
  multistatus = rapport_multistatus_parse (body, len, error);
  if (multistatus != NULL && final_url != NULL)
    *final_url = g_strdup (response->url);

  return multistatus;
}

static RapportMultistatus *
propfind (RapportDavClient  *self,
          const char        *url,
          const char        *depth,
          const char        *body,
          char             **final_url,
          GCancellable      *cancellable,
          GError           **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  Request request = {
    .method = "PROPFIND",
    .url = url,
    .depth = depth,
    .content_type = XML_CONTENT_TYPE,
    .body = bytes,
  };

  return multistatus_request (self, &request, final_url, cancellable, error);
}

/* The response about @url itself, else the only one there is. */
static const RapportMultistatusResponse *
self_response (const RapportMultistatus *multistatus,
               const char               *url)
{
  const RapportMultistatusResponse *response = rapport_multistatus_find (multistatus, url);

  if (response == NULL && multistatus->responses->len == 1)
    response = g_ptr_array_index (multistatus->responses, 0);

  return response;
}

/* Collections */

static RapportDavComponents
components_from_node (const RapportDavNode *node)
{
  RapportDavComponents components = 0;

  for (guint i = 0; i < node->children->len; i++)
    {
      const RapportDavNode *child = g_ptr_array_index (node->children, i);
      const char *name;

      if (!rapport_dav_node_is (child, RAPPORT_CALDAV_NS, "comp"))
        continue;
      name = rapport_dav_node_get_attribute (child, "name");
      if (name == NULL)
        continue;
      if (g_ascii_strcasecmp (name, "VEVENT") == 0)
        components |= RAPPORT_DAV_COMPONENT_VEVENT;
      else if (g_ascii_strcasecmp (name, "VTODO") == 0)
        components |= RAPPORT_DAV_COMPONENT_VTODO;
      else if (g_ascii_strcasecmp (name, "VJOURNAL") == 0)
        components |= RAPPORT_DAV_COMPONENT_VJOURNAL;
    }

  return components;
}

static gboolean
supports_vcard4 (const RapportDavNode *node)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      const RapportDavNode *child = g_ptr_array_index (node->children, i);
      const char *type, *version;

      if (!rapport_dav_node_is (child, RAPPORT_CARDDAV_NS, "address-data-type"))
        continue;
      type = rapport_dav_node_get_attribute (child, "content-type");
      version = rapport_dav_node_get_attribute (child, "version");
      if (type != NULL && g_ascii_strncasecmp (type, "text/vcard", 10) == 0 &&
          g_strcmp0 (version, "4.0") == 0)
        return TRUE;
    }

  return FALSE;
}

static char *
dup_nonempty_text (const RapportMultistatusResponse *response,
                   const char                       *ns,
                   const char                       *name)
{
  char *text = rapport_multistatus_response_dup_text (response, ns, name);

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* A ctag or sync token, kept and sent back: one too long to keep is
 * taken for none (the collection is then listed, which checks again). */
static char *
dup_token (const RapportMultistatusResponse *response,
           const char                       *ns,
           const char                       *name)
{
  char *text = dup_nonempty_text (response, ns, name);

  if (text != NULL && strlen (text) > MAX_TOKEN_LENGTH)
    {
      g_debug ("Ignoring a %s of %" G_GSIZE_FORMAT " bytes", name, strlen (text));
      g_clear_pointer (&text, g_free);
    }

  return text;
}

/* NULL when @response is neither an address book nor a calendar. */
static RapportDavCollection *
collection_from_response (const RapportMultistatusResponse *response,
                          const char                       *base_url)
{
  const RapportDavNode *resourcetype;
  const RapportDavNode *node;
  RapportDavCollectionKind kind;
  RapportDavCollection *collection;
  g_autofree char *url = NULL;

  resourcetype = rapport_multistatus_response_get_prop (response, RAPPORT_DAV_NS, "resourcetype");
  if (resourcetype == NULL)
    return NULL;
  if (rapport_dav_node_find (resourcetype, RAPPORT_CARDDAV_NS, "addressbook") != NULL)
    kind = RAPPORT_DAV_COLLECTION_ADDRESSBOOK;
  else if (rapport_dav_node_find (resourcetype, RAPPORT_CALDAV_NS, "calendar") != NULL)
    kind = RAPPORT_DAV_COLLECTION_CALENDAR;
  else
    return NULL;

  url = rapport_dav_resolve_href (base_url, response->raw_href);
  if (url == NULL)
    url = rapport_dav_resolve_href (base_url, response->href);
  if (url == NULL)
    return NULL;

  collection = rapport_dav_collection_new (url, kind);
  collection->name = dup_nonempty_text (response, RAPPORT_DAV_NS, "displayname");
  collection->ctag = dup_token (response, RAPPORT_CALSERVER_NS, "getctag");
  collection->sync_token = dup_token (response, RAPPORT_DAV_NS, "sync-token");

  node = rapport_multistatus_response_get_prop (response, RAPPORT_DAV_NS, "supported-report-set");
  collection->supports_sync_collection =
    node != NULL && rapport_dav_node_find (node, RAPPORT_DAV_NS, "sync-collection") != NULL;

  node = rapport_multistatus_response_get_prop (response, RAPPORT_CALDAV_NS, "supported-calendar-component-set");
  if (kind == RAPPORT_DAV_COLLECTION_CALENDAR && node != NULL && components_from_node (node) != 0)
    collection->components = components_from_node (node);
  else if (kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
    collection->components = 0;

  node = rapport_multistatus_response_get_prop (response, RAPPORT_CARDDAV_NS, "supported-address-data");
  collection->vcard4 = kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK && node != NULL && supports_vcard4 (node);

  return collection;
}

/* Discovery */

/* Errors after which trying other URLs on the same server cannot help. */
static gboolean
is_fatal_for_discovery (const GError *error)
{
  return error->domain == RAPPORT_DAV_ERROR &&
         (error->code == RAPPORT_DAV_ERROR_AUTH ||
          error->code == RAPPORT_DAV_ERROR_TLS ||
          error->code == RAPPORT_DAV_ERROR_NETWORK ||
          error->code == RAPPORT_DAV_ERROR_TIMEOUT ||
          error->code == RAPPORT_DAV_ERROR_CANCELLED ||
          error->code == RAPPORT_DAV_ERROR_INVALID_URL ||
          /* for the user to confirm, not to be lost in "nothing found" */
          error->code == RAPPORT_DAV_ERROR_OTHER_ORIGIN ||
          error->code == RAPPORT_DAV_ERROR_TOO_LARGE);
}

static char *
find_principal (RapportDavClient  *self,
                const char        *url,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autofree char *final_url = NULL;
  const RapportMultistatusResponse *response;
  const RapportDavNode *principal;
  const RapportDavNode *href = NULL;
  char *principal_url;

  multistatus = propfind (self, url, "0", propfind_principal_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  response = self_response (multistatus, final_url);
  principal = response != NULL ?
    rapport_multistatus_response_get_prop (response, RAPPORT_DAV_NS, "current-user-principal") : NULL;
  if (principal != NULL)
    href = rapport_dav_node_find (principal, RAPPORT_DAV_NS, "href");
  if (href == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("The server at %s does not name the account’s principal."), url);
      return NULL;
    }

  principal_url = rapport_dav_resolve_href (final_url, href->text);
  if (principal_url == NULL)
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                 _("The server at %s names its principal with an address that cannot be read."), url);

  return principal_url;
}

static void
add_homes (const RapportDavNode *set,
           const char           *base_url,
           GPtrArray            *homes)
{
  for (guint i = 0; set != NULL && i < set->children->len; i++)
    {
      const RapportDavNode *child = g_ptr_array_index (set->children, i);
      g_autofree char *url = NULL;

      if (!rapport_dav_node_is (child, RAPPORT_DAV_NS, "href"))
        continue;
      url = rapport_dav_resolve_href (base_url, child->text);
      if (url != NULL && !g_ptr_array_find_with_equal_func (homes, url, g_str_equal, NULL))
        g_ptr_array_add (homes, g_steal_pointer (&url));
    }
}

static gboolean
find_homes (RapportDavClient  *self,
            const char        *principal_url,
            GPtrArray         *addressbook_homes,
            GPtrArray         *calendar_homes,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autofree char *final_url = NULL;
  const RapportMultistatusResponse *response;

  multistatus = propfind (self, principal_url, "0", propfind_homes_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return FALSE;

  response = self_response (multistatus, final_url);
  if (response == NULL)
    return TRUE;
  if (addressbook_homes != NULL)
    add_homes (rapport_multistatus_response_get_prop (response, RAPPORT_CARDDAV_NS, "addressbook-home-set"),
               final_url, addressbook_homes);
  if (calendar_homes != NULL)
    add_homes (rapport_multistatus_response_get_prop (response, RAPPORT_CALDAV_NS, "calendar-home-set"),
               final_url, calendar_homes);

  return TRUE;
}

/* Principal then homes from @url; FALSE only for fatal errors. */
static gboolean
discover_from (RapportDavClient  *self,
               const char        *url,
               char             **principal_url,
               GPtrArray         *addressbook_homes,
               GPtrArray         *calendar_homes,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *principal = find_principal (self, url, cancellable, &local_error);

  if (principal != NULL)
    find_homes (self, principal, addressbook_homes, calendar_homes, cancellable, &local_error);

  if (local_error != NULL)
    {
      if (is_fatal_for_discovery (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("No DAV service at %s: %s", url, local_error->message);
    }

  if (principal != NULL && *principal_url == NULL)
    *principal_url = g_steal_pointer (&principal);

  return TRUE;
}

static GStrv
strv_from_array (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

RapportDavDiscovery *
rapport_dav_client_discover_sync (RapportDavClient  *self,
                                  const char        *url,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_autoptr(GPtrArray) addressbook_homes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) calendar_homes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *principal_url = NULL;
  g_autofree char *with_scheme = NULL;
  g_autofree char *start = NULL;
  RapportDavDiscovery *discovery;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* What people type: "dav.example.com" or "localhost:5232/dav". */
  with_scheme = strstr (url, "://") == NULL ? g_strconcat ("https://", url, NULL) : g_strdup (url);
  start = check_url (with_scheme, error);
  if (start == NULL)
    return NULL;

  if (!discover_from (self, start, &principal_url, addressbook_homes, calendar_homes, cancellable, error))
    return NULL;

  /* RFC 6764 5: the well-known URIs, each for the service still missing. */
  if (addressbook_homes->len == 0)
    {
      g_autofree char *well_known = rapport_dav_resolve_href (start, "/.well-known/carddav");

      if (!discover_from (self, well_known, &principal_url, addressbook_homes, NULL, cancellable, error))
        return NULL;
    }
  if (calendar_homes->len == 0)
    {
      g_autofree char *well_known = rapport_dav_resolve_href (start, "/.well-known/caldav");

      if (!discover_from (self, well_known, &principal_url, NULL, calendar_homes, cancellable, error))
        return NULL;
    }

  if (addressbook_homes->len == 0 && calendar_homes->len == 0)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("No address books or calendars were found at %s."), start);
      return NULL;
    }

  discovery = g_new0 (RapportDavDiscovery, 1);
  discovery->principal_url = g_steal_pointer (&principal_url);
  discovery->addressbook_homes = strv_from_array (g_steal_pointer (&addressbook_homes));
  discovery->calendar_homes = strv_from_array (g_steal_pointer (&calendar_homes));

  return discovery;
}

GPtrArray *
rapport_dav_client_list_collections_sync (RapportDavClient  *self,
                                          const char        *home_url,
                                          GCancellable      *cancellable,
                                          GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autofree char *url = NULL;
  g_autofree char *final_url = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = check_url (home_url, error);
  if (url == NULL)
    return NULL;

  multistatus = propfind (self, url, "1", propfind_collection_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_collection_free);
  for (guint i = 0; i < multistatus->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
      RapportDavCollection *collection;

      if (rapport_dav_href_equal (response->href, final_url))
        continue;
      collection = collection_from_response (response, final_url);
      if (collection != NULL)
        g_ptr_array_add (collections, collection);
    }

  return g_steal_pointer (&collections);
}

RapportDavCollection *
rapport_dav_client_get_collection_sync (RapportDavClient  *self,
                                        const char        *url,
                                        GCancellable      *cancellable,
                                        GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *final_url = NULL;
  const RapportMultistatusResponse *response;
  RapportDavCollection *collection = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (url, error);
  if (checked == NULL)
    return NULL;

  multistatus = propfind (self, checked, "0", propfind_collection_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  response = self_response (multistatus, final_url);
  if (response != NULL)
    collection = collection_from_response (response, final_url);
  if (collection == NULL)
    g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                 _("There is no address book or calendar at %s."), checked);

  return collection;
}

char *
rapport_dav_client_get_ctag_sync (RapportDavClient  *self,
                                  const char        *url,
                                  GCancellable      *cancellable,
                                  GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *final_url = NULL;
  const RapportMultistatusResponse *response;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (url, error);
  if (checked == NULL)
    return NULL;

  multistatus = propfind (self, checked, "0", propfind_ctag_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  response = self_response (multistatus, final_url);
  return response != NULL ? dup_token (response, RAPPORT_CALSERVER_NS, "getctag") : NULL;
}

GPtrArray *
rapport_dav_client_list_ctags_sync (RapportDavClient  *self,
                                    const char        *url,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *checked = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (url, error);
  if (checked == NULL)
    return NULL;

  multistatus = propfind (self, checked, "1", propfind_ctag_body, NULL, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_item_free);
  for (guint i = 0; i < multistatus->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
      RapportDavItem *item = g_new0 (RapportDavItem, 1);

      item->href = g_strdup (response->href);
      item->etag = dup_token (response, RAPPORT_CALSERVER_NS, "getctag");
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

RapportDavCollection *
rapport_dav_client_create_collection_sync (RapportDavClient          *self,
                                           const char                *url,
                                           RapportDavCollectionKind   kind,
                                           const char                *display_name,
                                           RapportDavComponents       components,
                                           GCancellable              *cancellable,
                                           GError                   **error)
{
  g_autoptr(GString) body = g_string_new (XML_HEAD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(Response) response = NULL;
  g_autofree char *checked = NULL;
  Request request = { 0 };

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK ||
                        kind == RAPPORT_DAV_COLLECTION_CALENDAR, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (url, error);
  if (checked == NULL)
    return NULL;

  if (kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
    {
      /* RFC 5689 extended MKCOL, RFC 6352 6.3.1 */
      g_string_append (body,
                       "<d:mkcol xmlns:d=\"DAV:\" xmlns:a=\"" RAPPORT_CARDDAV_NS "\">"
                       "<d:set><d:prop>"
                       "<d:resourcetype><d:collection/><a:addressbook/></d:resourcetype>");
      if (display_name != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (display_name, -1);

          g_string_append_printf (body, "<d:displayname>%s</d:displayname>", escaped);
        }
      g_string_append (body, "</d:prop></d:set></d:mkcol>");
      request.method = "MKCOL";
    }
  else
    {
      /* RFC 4791 5.3.1 */
      g_string_append (body,
                       "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"" RAPPORT_CALDAV_NS "\">"
                       "<d:set><d:prop>");
      if (display_name != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (display_name, -1);

          g_string_append_printf (body, "<d:displayname>%s</d:displayname>", escaped);
        }
      if (components != 0)
        {
          g_string_append (body, "<c:supported-calendar-component-set>");
          if (components & RAPPORT_DAV_COMPONENT_VEVENT)
            g_string_append (body, "<c:comp name=\"VEVENT\"/>");
          if (components & RAPPORT_DAV_COMPONENT_VTODO)
            g_string_append (body, "<c:comp name=\"VTODO\"/>");
          if (components & RAPPORT_DAV_COMPONENT_VJOURNAL)
            g_string_append (body, "<c:comp name=\"VJOURNAL\"/>");
          g_string_append (body, "</c:supported-calendar-component-set>");
        }
      g_string_append (body, "</d:prop></d:set></c:mkcalendar>");
      request.method = "MKCALENDAR";
    }

  bytes = g_bytes_new (body->str, body->len);
  request.url = checked;
  request.content_type = XML_CONTENT_TYPE;
  request.body = bytes;

  response = client_send (self, &request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status < 200 || response->status >= 300 || response->status == 207)
    {
      set_status_error (&request, response, error);
      return NULL;
    }

  return rapport_dav_client_get_collection_sync (self, response->url, cancellable, error);
}

/* Items */

RapportDavSyncResult *
rapport_dav_client_sync_collection_sync (RapportDavClient  *self,
                                         const char        *collection_url,
                                         const char        *sync_token,
                                         GCancellable      *cancellable,
                                         GError           **error)
{
  g_autoptr(GString) body = g_string_new (XML_HEAD);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *final_url = NULL;
  gboolean has_token = sync_token != NULL && *sync_token != '\0';
  RapportDavSyncResult *result;
  Request request = { 0 };

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (collection_url, error);
  if (checked == NULL)
    return NULL;

  g_string_append (body, "<d:sync-collection xmlns:d=\"DAV:\">");
  if (has_token)
    {
      g_autofree char *escaped = g_markup_escape_text (sync_token, -1);

      g_string_append_printf (body, "<d:sync-token>%s</d:sync-token>", escaped);
    }
  else
    g_string_append (body, "<d:sync-token/>");
  g_string_append (body,
                   "<d:sync-level>1</d:sync-level>"
                   "<d:prop><d:getetag/></d:prop>"
                   "</d:sync-collection>");
  bytes = g_bytes_new (body->str, body->len);

  request.method = "REPORT";
  request.url = checked;
  request.depth = "0";
  request.content_type = XML_CONTENT_TYPE;
  request.body = bytes;
  request.carries_sync_token = has_token;

  multistatus = multistatus_request (self, &request, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;
  if (multistatus->sync_token == NULL || *multistatus->sync_token == '\0')
    {
      g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                           _("The server did not send a new synchronization token."));
      return NULL;
    }
  if (strlen (multistatus->sync_token) > MAX_TOKEN_LENGTH)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                   _("The server sent a synchronization token of %" G_GSIZE_FORMAT " bytes; "
                     "Rapport keeps tokens of at most %u bytes."),
                   strlen (multistatus->sync_token), (guint) MAX_TOKEN_LENGTH);
      return NULL;
    }

  result = g_new0 (RapportDavSyncResult, 1);
  result->changed = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_item_free);
  result->removed = g_ptr_array_new_with_free_func (g_free);
  result->sync_token = g_strdup (multistatus->sync_token);
  result->truncated = rapport_multistatus_is_truncated (multistatus, final_url);

  for (guint i = 0; i < multistatus->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
      gsize len = strlen (response->href);

      /* The collection itself (507), and sub-collections, are not items. */
      if (rapport_dav_href_equal (response->href, final_url) || response->href[len - 1] == '/')
        continue;

      if (response->status == 404 || response->status == 410)
        g_ptr_array_add (result->removed, g_strdup (response->href));
      else if (response->status == 0 || (response->status >= 200 && response->status < 300))
        {
          g_autofree char *etag = rapport_multistatus_response_dup_text (response, RAPPORT_DAV_NS, "getetag");

          g_ptr_array_add (result->changed, dav_item_new (response->href, etag));
        }
    }

  return result;
}

GPtrArray *
rapport_dav_client_list_etags_sync (RapportDavClient  *self,
                                    const char        *collection_url,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autoptr(RapportMultistatus) multistatus = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *final_url = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (collection_url, error);
  if (checked == NULL)
    return NULL;

  multistatus = propfind (self, checked, "1", propfind_etags_body, &final_url, cancellable, error);
  if (multistatus == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_item_free);
  for (guint i = 0; i < multistatus->responses->len; i++)
    {
      const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
      const RapportDavNode *resourcetype;
      g_autofree char *etag = NULL;

      if (rapport_dav_href_equal (response->href, final_url))
        continue;
      if (response->status != 0 && (response->status < 200 || response->status >= 300))
        continue;
      resourcetype = rapport_multistatus_response_get_prop (response, RAPPORT_DAV_NS, "resourcetype");
      if (resourcetype != NULL && rapport_dav_node_find (resourcetype, RAPPORT_DAV_NS, "collection") != NULL)
        continue;

      etag = rapport_multistatus_response_dup_text (response, RAPPORT_DAV_NS, "getetag");
      g_ptr_array_add (items, dav_item_new (response->href, etag));
    }

  return g_steal_pointer (&items);
}

static char *
href_key (const char *href)
{
  char *key = rapport_dav_normalize_href (href);
  gsize len = strlen (key);

  if (len > 1 && key[len - 1] == '/')
    key[len - 1] = '\0';

  return key;
}

static RapportDavResource *
resource_from_response (const char                       *href,
                        const RapportMultistatusResponse *response,
                        const char                       *data_ns,
                        const char                       *data_name)
{
  RapportDavResource *resource = g_new0 (RapportDavResource, 1);
  const RapportDavNode *data;

  resource->href = g_strdup (href);
  if (response == NULL)
    return resource;
  if (response->status != 0 && (response->status < 200 || response->status >= 300))
    {
      resource->status = response->status;
      return resource;
    }

  data = rapport_multistatus_response_get_prop (response, data_ns, data_name);
  if (data == NULL)
    {
      guint status = rapport_multistatus_response_get_prop_status (response, data_ns, data_name);

      resource->status = status != 0 ? status : 404;
      return resource;
    }

  resource->status = 200;
  resource->data = g_strdup (data->text);
  resource->length = strlen (data->text);
  resource->etag = dup_nonempty_text (response, RAPPORT_DAV_NS, "getetag");

  return resource;
}

GPtrArray *
rapport_dav_client_multiget_sync (RapportDavClient            *self,
                                  const RapportDavCollection  *collection,
                                  const char * const          *hrefs,
                                  guint                        batch_size,
                                  GCancellable                *cancellable,
                                  GError                     **error)
{
  gboolean addressbook;
  const char *data_ns;
  const char *data_name;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) resources = NULL;
  g_autofree char *checked = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (hrefs != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (collection->url, error);
  if (checked == NULL)
    return NULL;

  addressbook = collection->kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK;
  data_ns = addressbook ? RAPPORT_CARDDAV_NS : RAPPORT_CALDAV_NS;
  data_name = addressbook ? "address-data" : "calendar-data";
  if (batch_size == 0)
    batch_size = DEFAULT_BATCH_SIZE;

  for (guint i = 0; hrefs[i] != NULL; i++)
    {
      char *href = rapport_dav_normalize_href (hrefs[i]);

      if (g_hash_table_contains (seen, href))
        {
          g_free (href);
          continue;
        }
      g_hash_table_add (seen, href);
      g_ptr_array_add (wanted, href);
    }

  resources = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_resource_free);
  for (guint first = 0; first < wanted->len; first += batch_size)
    {
      guint last = MIN (first + batch_size, wanted->len);
      g_autoptr(GString) body = g_string_new (XML_HEAD);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(RapportMultistatus) multistatus = NULL;
      g_autoptr(GHashTable) by_href = NULL;
      Request request = { 0 };

      /* No Depth header: RFC 4791 7.9, RFC 6352 8.7. */
      if (addressbook)
        g_string_append_printf (body,
                                "<a:addressbook-multiget xmlns:d=\"DAV:\" xmlns:a=\"" RAPPORT_CARDDAV_NS "\">"
                                "<d:prop><d:getetag/>%s</d:prop>",
                                collection->vcard4 ?
                                "<a:address-data content-type=\"text/vcard\" version=\"4.0\"/>" :
                                "<a:address-data/>");
      else
        g_string_append (body,
                         "<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"" RAPPORT_CALDAV_NS "\">"
                         "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
      for (guint i = first; i < last; i++)
        {
          g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (wanted, i), -1);

          g_string_append_printf (body, "<d:href>%s</d:href>", escaped);
        }
      g_string_append (body, addressbook ? "</a:addressbook-multiget>" : "</c:calendar-multiget>");
      bytes = g_bytes_new (body->str, body->len);

      request.method = "REPORT";
      request.url = checked;
      request.content_type = XML_CONTENT_TYPE;
      request.body = bytes;

      multistatus = multistatus_request (self, &request, NULL, cancellable, error);
      if (multistatus == NULL)
        return NULL;

      by_href = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < multistatus->responses->len; i++)
        {
          RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
          char *key = href_key (response->href);

          if (g_hash_table_contains (by_href, key))
            g_free (key);
          else
            g_hash_table_insert (by_href, key, response);
        }

      for (guint i = first; i < last; i++)
        {
          const char *href = g_ptr_array_index (wanted, i);
          g_autofree char *key = href_key (href);

          g_ptr_array_add (resources,
                           resource_from_response (href, g_hash_table_lookup (by_href, key),
                                                   data_ns, data_name));
        }
    }

  return g_steal_pointer (&resources);
}

RapportDavResource *
rapport_dav_client_get_sync (RapportDavClient  *self,
                             const char        *url,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(Response) response = NULL;
  g_autofree char *checked = NULL;
  RapportDavResource *resource;
  const char *data;
  gsize len = 0;
  Request request = { 0 };

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  checked = check_url (url, error);
  if (checked == NULL)
    return NULL;

  request.method = "GET";
  request.url = checked;
  response = client_send (self, &request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status != 200)
    {
      set_status_error (&request, response, error);
      return NULL;
    }

  data = g_bytes_get_data (response->body, &len);
  resource = g_new0 (RapportDavResource, 1);
  resource->href = rapport_dav_normalize_href (response->url);
  resource->status = 200;
  resource->etag = g_strdup (soup_message_headers_get_one (response->headers, "ETag"));
  resource->data = g_strndup (data != NULL ? data : "", len);
  resource->length = len;

  return resource;
}

gboolean
rapport_dav_client_put_sync (RapportDavClient  *self,
                             const char        *url,
                             const char        *content_type,
                             const char        *data,
                             gsize              length,
                             const char        *if_match,
                             char             **new_etag,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *quoted = NULL;
  const char *etag;
  Request request = { 0 };

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), FALSE);
  g_return_val_if_fail (content_type != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (new_etag != NULL)
    *new_etag = NULL;

  checked = check_url (url, error);
  if (checked == NULL)
    return FALSE;

  bytes = g_bytes_new (data, length);
  if (if_match != NULL)
    quoted = quote_etag (if_match);
  request.method = "PUT";
  request.url = checked;
  request.content_type = content_type;
  request.body = bytes;
  request.if_match = quoted;
  request.if_none_match_any = if_match == NULL;

  response = client_send (self, &request, cancellable, error);
  if (response == NULL)
    return FALSE;
  if (response->status == 207)
    {
      /* RFC 4918 does not allow a multistatus here: a failure we cannot read. */
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL,
                   _("The server gave an unexpected answer at %s (%u %s)."),
                   response->url, response->status, "Multi-Status");
      return FALSE;
    }
  if (response->status < 200 || response->status >= 300)
    {
      set_status_error (&request, response, error);
      return FALSE;
    }

  etag = soup_message_headers_get_one (response->headers, "ETag");
  if (new_etag != NULL && etag_is_strong (etag))
    *new_etag = g_strdup (etag);

  return TRUE;
}

gboolean
rapport_dav_client_delete_sync (RapportDavClient  *self,
                                const char        *url,
                                const char        *if_match,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_autoptr(Response) response = NULL;
  g_autofree char *checked = NULL;
  g_autofree char *quoted = NULL;
  Request request = { 0 };

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  checked = check_url (url, error);
  if (checked == NULL)
    return FALSE;

  if (if_match != NULL)
    quoted = quote_etag (if_match);
  request.method = "DELETE";
  request.url = checked;
  request.if_match = quoted;

  response = client_send (self, &request, cancellable, error);
  if (response == NULL)
    return FALSE;
  if (response->status < 200 || response->status >= 300 || response->status == 207)
    {
      set_status_error (&request, response, error);
      return FALSE;
    }

  return TRUE;
}

/* Configuration */

static void
wipe_password (RapportDavClient *self)
{
  if (self->password != NULL)
    {
      memset (self->password, 0, strlen (self->password));
      g_clear_pointer (&self->password, g_free);
    }
}

void
rapport_dav_client_set_credentials (RapportDavClient *self,
                                    const char       *user,
                                    const char       *password)
{
  g_return_if_fail (RAPPORT_IS_DAV_CLIENT (self));

  /* libsoup would send the credentials it cached until the server
   * refuses them: drop them (the auth manager has its own lock; the
   * session itself is left alone, only its creating thread may configure
   * it). A request already past this point still gets the new ones from
   * authenticate_cb() when the old ones fail. */
  if (self->auth_manager != NULL)
    soup_auth_manager_clear_cached_credentials (self->auth_manager);
  g_mutex_lock (&self->lock);
  g_free (self->user);
  wipe_password (self);
  self->user = g_strdup (user);
  self->password = user != NULL ? g_strdup (password) : NULL;
  self->credentials_serial++;
  g_mutex_unlock (&self->lock);
}

void
rapport_dav_client_set_origin (RapportDavClient *self,
                               const char       *url)
{
  g_autoptr(GUri) uri = NULL;

  g_return_if_fail (RAPPORT_IS_DAV_CLIENT (self));
  g_return_if_fail (url != NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_return_if_fail (uri != NULL);

  g_mutex_lock (&self->lock);
  g_free (self->origin);
  self->origin = origin_of (uri);
  g_mutex_unlock (&self->lock);
}

void
rapport_dav_client_set_limits (RapportDavClient *self,
                               gsize             max_body,
                               guint             request_seconds)
{
  g_return_if_fail (RAPPORT_IS_DAV_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->max_body = max_body != 0 ? max_body : DEFAULT_MAX_BODY;
  self->request_seconds = request_seconds != 0 ? MIN (request_seconds, G_MAXUINT / 1000) : DEFAULT_REQUEST_S;
  g_mutex_unlock (&self->lock);
}

void
rapport_dav_client_set_run_deadline (RapportDavClient *self,
                                     guint             seconds)
{
  g_return_if_fail (RAPPORT_IS_DAV_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->run_seconds = seconds;
  self->run_deadline = seconds != 0 ? g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC : 0;
  g_mutex_unlock (&self->lock);
}

void
rapport_dav_client_set_retry (RapportDavClient *self,
                              guint             max_tries,
                              guint             first_delay_ms)
{
  g_return_if_fail (RAPPORT_IS_DAV_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->max_tries = MAX (max_tries, 1);
  self->first_delay_ms = MIN (first_delay_ms, MAX_DELAY_MS);
  g_mutex_unlock (&self->lock);
}

gboolean
rapport_dav_client_set_trusted_certificate (RapportDavClient  *self,
                                            const char        *certificate,
                                            GError           **error)
{
  guint8 digest[FINGERPRINT_SIZE];

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (certificate != NULL)
    {
      if (strstr (certificate, "-----BEGIN") != NULL)
        {
          g_autoptr(GTlsCertificate) parsed = g_tls_certificate_new_from_pem (certificate, -1, NULL);

          if (parsed == NULL || !compute_fingerprint (parsed, digest))
            {
              g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS,
                                   _("The certificate could not be read."));
              return FALSE;
            }
        }
      else if (!parse_fingerprint (certificate, digest))
        {
          g_set_error_literal (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS,
                               _("This is not a SHA-256 fingerprint: it should be 32 pairs of "
                                 "hexadecimal digits, as in AB:CD:…"));
          return FALSE;
        }
    }

  g_mutex_lock (&self->lock);
  self->has_trusted = certificate != NULL;
  if (certificate != NULL)
    memcpy (self->trusted, digest, FINGERPRINT_SIZE);
  else
    memset (self->trusted, 0, FINGERPRINT_SIZE);
  g_mutex_unlock (&self->lock);

  return TRUE;
}

char *
rapport_dav_client_dup_trusted_fingerprint (RapportDavClient *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return self->has_trusted ? format_fingerprint (self->trusted) : NULL;
}

GTlsCertificate *
rapport_dav_client_dup_untrusted_certificate (RapportDavClient *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  return self->untrusted != NULL ? g_object_ref (self->untrusted) : NULL;
}

char *
rapport_dav_client_dup_untrusted_fingerprint (RapportDavClient *self)
{
  g_autoptr(GTlsCertificate) certificate = rapport_dav_client_dup_untrusted_certificate (self);

  return certificate != NULL ? rapport_dav_certificate_dup_fingerprint (certificate) : NULL;
}

/* GObject */

static void
rapport_dav_client_constructed (GObject *object)
{
  RapportDavClient *self = RAPPORT_DAV_CLIENT (object);

  G_OBJECT_CLASS (rapport_dav_client_parent_class)->constructed (object);

  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Rapport/" PACKAGE_VERSION " ",
                                                 NULL);
  self->auth_manager = SOUP_AUTH_MANAGER (soup_session_get_feature (self->session, SOUP_TYPE_AUTH_MANAGER));
}

static void
rapport_dav_client_dispose (GObject *object)
{
  RapportDavClient *self = RAPPORT_DAV_CLIENT (object);

  self->auth_manager = NULL;
  g_clear_object (&self->session);
  g_clear_object (&self->untrusted);

  G_OBJECT_CLASS (rapport_dav_client_parent_class)->dispose (object);
}

static void
rapport_dav_client_finalize (GObject *object)
{
  RapportDavClient *self = RAPPORT_DAV_CLIENT (object);

  g_free (self->user);
  g_free (self->origin);
  wipe_password (self);
  g_mutex_clear (&self->send_lock);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rapport_dav_client_parent_class)->finalize (object);
}

static void
rapport_dav_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportDavClient *self = RAPPORT_DAV_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_dav_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportDavClient *self = RAPPORT_DAV_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      self->timeout = g_value_get_uint (value);
      if (self->timeout == 0)
        self->timeout = DEFAULT_TIMEOUT;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_dav_client_class_init (RapportDavClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rapport_dav_client_constructed;
  object_class->dispose = rapport_dav_client_dispose;
  object_class->finalize = rapport_dav_client_finalize;
  object_class->get_property = rapport_dav_client_get_property;
  object_class->set_property = rapport_dav_client_set_property;

  /**
   * RapportDavClient:timeout:
   *
   * Seconds without progress (connecting, sending, reading) before a
   * request fails; 0 means the default, 30. Fixed at construction: libsoup
   * wants the session configured before it is shared between threads.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_dav_client_init (RapportDavClient *self)
{
  g_mutex_init (&self->send_lock);
  g_mutex_init (&self->lock);
  self->timeout = DEFAULT_TIMEOUT;
  self->max_tries = DEFAULT_MAX_TRIES;
  self->first_delay_ms = DEFAULT_FIRST_DELAY;
  self->credentials_serial = 1;
  self->max_body = DEFAULT_MAX_BODY;
  self->request_seconds = DEFAULT_REQUEST_S;
}

RapportDavClient *
rapport_dav_client_new (guint timeout)
{
  return g_object_new (RAPPORT_TYPE_DAV_CLIENT, "timeout", timeout, NULL);
}
