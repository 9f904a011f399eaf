/* apache-fixture.h
 *
 * A real Apache httpd (/usr/sbin/apache2, Debian package apache2) on
 * 127.0.0.1 for the DAV client tests Radicale cannot give: Digest
 * authentication and HTTP/1.1 keep-alive. Its own temporary folder
 * (httpd.conf, a Digest password file, the WebDAV folder, the lock
 * database, the logs), a port found at run time, one user (APACHE_USER,
 * APACHE_PASSWORD in APACHE_REALM) who may read and write under /dav/.
 *
 * The access log has one line per request with the client's port, the
 * number of requests the connection carried before this one (%k), the
 * status and the authenticated user: apache_fixture_read_log() hands
 * them over. apache_fixture_free() stops the server and removes the
 * folder.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define APACHE_USER     "amara"
#define APACHE_PASSWORD "correct horse battery"
#define APACHE_REALM    "Rapport test"

typedef struct
{
  char        *dir;
  char        *config_path;
  char        *access_log_path;
  char        *error_log_path;
  char        *output_path;    /* the server's stdout and stderr */
  guint16      port;
  GSubprocess *process;
} ApacheFixture;

/* One line of the access log. */
typedef struct
{
  guint  remote_port;
  guint  keepalive;            /* %k: requests before this one on its connection */
  guint  status;
  char  *user;                 /* %u: NULL when the request had none */
  char  *method;
  char  *path;
} ApacheLogEntry;

/* Creates the folder and starts the server; NULL with @error when it
 * would not start (its logs are in the message). */
ApacheFixture *apache_fixture_new        (GError        **error);
void           apache_fixture_free       (ApacheFixture  *self);

/* "http://127.0.0.1:PORT" + @path */
char          *apache_fixture_url        (ApacheFixture  *self,
                                          const char     *path);

/* The access log so far, ApacheLogEntry each. Apache writes a line
 * after the answer went out: wait for @count lines (at most 10 s)
 * before reading what the last requests left. */
GPtrArray     *apache_fixture_read_log   (ApacheFixture  *self,
                                          guint           count);
/* The error log and the server's own output, on one line (for TAP). */
char          *apache_fixture_dup_errors (ApacheFixture  *self);

void           apache_log_entry_free     (ApacheLogEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApacheFixture, apache_fixture_free)

G_END_DECLS
