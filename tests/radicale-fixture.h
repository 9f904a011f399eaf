/* radicale-fixture.h
 *
 * A real Radicale (/usr/bin/radicale) on 127.0.0.1 for the DAV tests: its
 * own temporary folder (configuration, md5 htpasswd file written with
 * htpasswd, storage, log, and for TLS a self-signed certificate made with
 * openssl), a port found at run time, one user (RADICALE_USER,
 * RADICALE_PASSWORD) whose collections live under /RADICALE_USER/.
 *
 * The server can be stopped politely (SIGTERM), killed (SIGKILL), frozen
 * and thawed (SIGSTOP/SIGCONT), and started again on the same port and
 * storage. radicale_fixture_free() stops it and removes the folder.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RADICALE_USER     "amara"
#define RADICALE_PASSWORD "correct horse battery"

typedef struct
{
  char        *dir;
  char        *config_path;
  char        *log_path;
  char        *cert_path;     /* NULL without TLS */
  char        *key_path;
  gboolean     tls;
  guint16      port;
  char        *url;           /* "http(s)://127.0.0.1:PORT/" */
  GSubprocess *process;
} RadicaleFixture;

/* Creates the folder and starts the server; NULL with @error when it
 * would not start (its log is in the message). */
RadicaleFixture *radicale_fixture_new         (gboolean          tls,
                                               GError          **error);
void             radicale_fixture_free        (RadicaleFixture  *self);

/* "http://127.0.0.1:PORT" + @path */
char            *radicale_fixture_url         (RadicaleFixture  *self,
                                               const char       *path);

void             radicale_fixture_stop        (RadicaleFixture  *self);
void             radicale_fixture_kill        (RadicaleFixture  *self);
void             radicale_fixture_freeze      (RadicaleFixture  *self);
void             radicale_fixture_thaw        (RadicaleFixture  *self);
/* After stop or kill: the same port and storage. */
gboolean         radicale_fixture_restart     (RadicaleFixture  *self,
                                               GError          **error);

/* Runs curl as the user: @method on @path with @body (may be NULL).
 * Returns the HTTP status, 0 when curl failed. */
guint            radicale_fixture_curl        (RadicaleFixture  *self,
                                               const char       *method,
                                               const char       *path,
                                               const char       *content_type,
                                               const char       *body);

/* Where Radicale keeps the collection @path ("/amara/book/") on disk. */
char            *radicale_fixture_collection_dir (RadicaleFixture *self,
                                               const char       *path);

/* The certificate's SHA-256 fingerprint as openssl prints it. */
char            *radicale_fixture_openssl_fingerprint (RadicaleFixture *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RadicaleFixture, radicale_fixture_free)

G_END_DECLS
