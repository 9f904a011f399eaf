/* rapport-multistatus.h
 *
 * The WebDAV multistatus answer (RFC 4918 13, 14.16) as plain data, read
 * by a pure function that neither blocks nor logs, so it can be tested and
 * fuzzed on its own.
 *
 * Tolerant reading: elements are matched by namespace URI and local name,
 * never by prefix, so any prefix, a default namespace or a namespace
 * declared on any ancestor all work; white space around text is ignored
 * where it cannot matter (hrefs, statuses, ETags, tokens), kept in
 * property text (address data must come back byte for byte); unknown
 * elements are skipped. A <response> without an <href> is dropped; one
 * with several hrefs becomes one response per href. Hrefs are normalized
 * (rapport_dav_normalize_href()) so that "/a%40b/x y.vcf",
 * "/a@b/x%20y.vcf" and "http://host/a@b/x%20y.vcf" all read
 * "/a@b/x%20y.vcf"; the text as sent stays in raw_href, to resolve it
 * against the request URL when the host matters (home sets on another
 * host).
 *
 * Garbage is an error (RAPPORT_DAV_ERROR_PROTOCOL), never a crash:
 * malformed XML, a root other than DAV:multistatus, a document type
 * declaration (refused outright: no entity tricks), or more than 64 MiB.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RAPPORT_DAV_NS         "DAV:"
#define RAPPORT_CALDAV_NS      "urn:ietf:params:xml:ns:caldav"
#define RAPPORT_CARDDAV_NS     "urn:ietf:params:xml:ns:carddav"
#define RAPPORT_CALSERVER_NS   "http://calendarserver.org/ns/"

typedef struct _RapportDavNode RapportDavNode;

/* One XML element. */
struct _RapportDavNode
{
  char       *ns;          /* namespace URI, "" when none */
  char       *name;        /* local name */
  char       *text;        /* the text and CDATA directly inside, "" when none */
  GStrv       attributes;  /* name, value, name, value... (names without namespace) */
  GPtrArray  *children;    /* RapportDavNode */
};

typedef struct
{
  guint           status;  /* the propstat's HTTP status; 200 when it had none */
  RapportDavNode *node;    /* the property element, as in <prop> */
} RapportMultistatusProp;

typedef struct
{
  char      *href;         /* normalized path */
  char      *raw_href;     /* the href as sent, trimmed */
  guint      status;       /* the response's own status; 0 when it has propstats */
  GPtrArray *props;        /* RapportMultistatusProp, every propstat in order */
  char      *error;        /* "{ns}name" of the first condition in DAV:error, or NULL */
} RapportMultistatusResponse;

typedef struct
{
  GPtrArray *responses;    /* RapportMultistatusResponse */
  char      *sync_token;   /* the DAV:sync-token of a sync-collection answer, or NULL */
} RapportMultistatus;

RapportMultistatus   *rapport_multistatus_parse                (const char                       *xml,
                                                                gsize                             len,
                                                                GError                          **error);
void                  rapport_multistatus_free                 (RapportMultistatus               *self);

/* The response for @href (compared with rapport_dav_href_equal()), or NULL. */
const RapportMultistatusResponse *
                      rapport_multistatus_find                 (const RapportMultistatus         *self,
                                                                const char                       *href);
/* RFC 6578 3.6: a 507 on the request URI itself means the server sent
 * only part of the changes; ask again with the new token. */
gboolean              rapport_multistatus_is_truncated         (const RapportMultistatus         *self,
                                                                const char                       *request_href);

/* The property @ns:@name when the server returned it with a 2xx status,
 * else NULL. */
const RapportDavNode *rapport_multistatus_response_get_prop    (const RapportMultistatusResponse *self,
                                                                const char                       *ns,
                                                                const char                       *name);
/* The status the property came with (404 for a property the resource
 * lacks), or 0 when the response does not mention it. */
guint                 rapport_multistatus_response_get_prop_status (const RapportMultistatusResponse *self,
                                                                const char                       *ns,
                                                                const char                       *name);
/* The trimmed text of a 2xx property, or NULL. */
char                 *rapport_multistatus_response_dup_text    (const RapportMultistatusResponse *self,
                                                                const char                       *ns,
                                                                const char                       *name);

/* The first element @ns:@name below @self (depth first, not @self). */
const RapportDavNode *rapport_dav_node_find                    (const RapportDavNode             *self,
                                                                const char                       *ns,
                                                                const char                       *name);
gboolean              rapport_dav_node_is                      (const RapportDavNode             *self,
                                                                const char                       *ns,
                                                                const char                       *name);
/* The value of attribute @name, or NULL. */
const char           *rapport_dav_node_get_attribute           (const RapportDavNode             *self,
                                                                const char                       *name);

/* Whether a DAV:error body (RFC 4918 16, as in a 403 or 409 answer) holds
 * the condition @ns:@name, as <valid-sync-token/>. FALSE for anything that
 * is not such a body. */
gboolean              rapport_dav_error_body_has_condition     (const char                       *xml,
                                                                gsize                             len,
                                                                const char                       *ns,
                                                                const char                       *name);

/* The path of @href (an absolute URL or a path), each segment decoded and
 * encoded again the one same way: only unreserved characters and
 * "!$&'()*+,;=:@" stay plain. Query and fragment are dropped. Never NULL. */
char                 *rapport_dav_normalize_href               (const char                       *href);
/* Whether two hrefs name the same resource: equal once normalized, a
 * trailing slash aside. */
gboolean              rapport_dav_href_equal                   (const char                       *a,
                                                                const char                       *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMultistatus, rapport_multistatus_free)

G_END_DECLS
