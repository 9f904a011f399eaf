/* xandikos-fixture.h
 *
 * A real Xandikos (/usr/bin/xandikos) on 127.0.0.1 for the DAV tests:
 * its own temporary folder, a port found at run time, started with
 * --defaults, so that it makes what a fresh Xandikos offers its user: the
 * principal /user/ with the calendar /user/calendars/calendar/ (it takes
 * every component) and the address book /user/contacts/addressbook/.
 * Xandikos asks for no password; the credentials a client sends are
 * ignored. xandikos_fixture_free() stops it and removes the folder.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define XANDIKOS_USER "user"

typedef struct
{
  char        *dir;
  char        *log_path;
  guint16      port;
  char        *url;           /* "http://127.0.0.1:PORT/" */
  GSubprocess *process;
} XandikosFixture;

/* NULL with @error when it would not start (its log is in the message). */
XandikosFixture *xandikos_fixture_new  (GError          **error);
void             xandikos_fixture_free (XandikosFixture  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XandikosFixture, xandikos_fixture_free)

G_END_DECLS
