/* keyring-fixture.h
 *
 * A throwaway Secret Service for the tests that keep passwords: the test
 * runs itself again under dbus-run-session with its own HOME,
 * XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR in a
 * temporary folder, then starts gnome-keyring-daemon (secrets only,
 * unlocked with a password piped on its standard input) on that private
 * bus. The user's own keyring and session bus are never touched.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Call first in main(). Outside the private session it runs the test
 * again inside one and returns its exit status (>= 0): return that from
 * main(). Inside, it returns -1 and the test goes on. */
int      keyring_fixture_reexec (int     argc,
                                 char  **argv);

/* Inside: starts the keyring daemon and waits until it answers on the
 * bus; FALSE with @error when it does not. */
gboolean keyring_fixture_start  (GError **error);
/* Stops the daemon started above. */
void     keyring_fixture_stop   (void);

G_END_DECLS
