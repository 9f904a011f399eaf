/* hostile-server.h
 *
 * A small DAV server (SoupServer on 127.0.0.1, a port chosen at run
 * time, on a thread of its own) that behaves as a hostile or broken
 * server would. It asks for Basic authentication (HOSTILE_USER,
 * HOSTILE_PASSWORD) everywhere but on its redirects, and counts the requests it sees and those that carry
 * an Authorization header.
 *
 *   PROPFIND /book/            an address book with a sync token and
 *                              sync-collection
 *   REPORT   /book/            the answer set by hostile_server_set_report()
 *   any      /same/...         307 to /book/ on this server
 *   any      /other/...,       307 to the URL set by hostile_server_set_redirect()
 *            /.well-known/...  (or to /book/ when none is)
 *   any      /open/...         401 to everyone (no credentials checked:
 *                              the server a redirect leads to)
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HOSTILE_USER     "amara"
#define HOSTILE_PASSWORD "s3cret-for-the-origin"

typedef enum
{
  HOSTILE_REPORT_EMPTY,        /* a multistatus with no change and a short token */
  HOSTILE_REPORT_ENDLESS,      /* a chunked body that never ends */
  HOSTILE_REPORT_GZIP_BOMB,    /* 10 MB of zeros, gzipped to a few KB */
  HOSTILE_REPORT_TRICKLE,      /* one byte a second, for a minute */
  HOSTILE_REPORT_HUGE_TOKEN,   /* a well-formed multistatus whose sync-token has 5 MB */
} HostileReport;

typedef struct _HostileServer HostileServer;

HostileServer *hostile_server_new          (GError        **error);
void           hostile_server_free         (HostileServer  *self);
/* "http://127.0.0.1:PORT" + @path */
char          *hostile_server_url          (HostileServer  *self,
                                            const char     *path);
void           hostile_server_set_report   (HostileServer  *self,
                                            HostileReport   report);
void           hostile_server_set_redirect (HostileServer  *self,
                                            const char     *url);
guint          hostile_server_get_requests (HostileServer  *self);
/* Requests that carried an Authorization header, whatever its value. */
guint          hostile_server_get_authorized (HostileServer *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileServer, hostile_server_free)

G_END_DECLS
