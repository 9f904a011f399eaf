/* fixture-util.h
 *
 * What the fixtures that start a real server (Radicale, Apache, the
 * keyring) all need: a free port on 127.0.0.1, a server that dies with
 * the test, waiting until it answers, and the removal of their temporary
 * folder.
 */
#pragma once

#include <signal.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

/* Removes @dir and everything in it (symbolic links are removed, never
 * followed). */
static inline void
fixture_remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        fixture_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

/* A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0,
 * read, closed); 0 with @error set when there is none. A server started
 * on it may still lose a race for it, so callers try again. */
static inline guint16
fixture_find_free_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, any_port, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;
  g_socket_close (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A GSpawnChildSetupFunc: the server gets SIGKILL when the test dies (a
 * failed assertion skips the teardown). */
static inline void
fixture_die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Whether something accepts connections on 127.0.0.1:@port. */
static inline gboolean
fixture_port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_timeout (client, 1);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  if (connection == NULL)
    return FALSE;
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

/* Waits until @process answers on @port: FALSE when it exits first or
 * @seconds pass. */
static inline gboolean
fixture_wait_for_port (GSubprocess *process,
                       guint16      port,
                       guint        seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (g_subprocess_get_identifier (process) == NULL)
        return FALSE;
      if (fixture_port_answers (port))
        return TRUE;
      g_usleep (50 * 1000);
    }

  return FALSE;
}
