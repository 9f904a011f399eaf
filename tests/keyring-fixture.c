/* keyring-fixture.c
 *
 * See keyring-fixture.h. The daemon runs in the foreground as our child,
 * so stopping it is a kill of one known process; dbus-run-session ends
 * the private bus when the test exits.
 */

#define G_LOG_DOMAIN "keyring-fixture"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "fixture-util.h"
#include "keyring-fixture.h"

#define INSIDE_ENV        "RAPPORT_TEST_KEYRING_DIR"
#define KEYRING_PASSWORD  "throwaway keyring"
#define START_TIMEOUT_S   20

static GSubprocess *daemon_process;

int
keyring_fixture_reexec (int    argc,
                        char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) child_argv = g_ptr_array_new ();
  g_autofree char *dir = NULL;
  const char *subdirs[] = { "home", "data", "config", "cache", "runtime" };
  const char *variables[] = { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" };
  int wait_status = 0;

  if (g_getenv (INSIDE_ENV) != NULL)
    return -1;

  dir = g_dir_make_tmp ("rapport-keyring-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("keyring fixture: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);

      g_mkdir_with_parents (path, 0700);
      g_setenv (variables[i], path, TRUE);
    }
  g_setenv (INSIDE_ENV, dir, TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("GNOME_KEYRING_CONTROL");

  g_ptr_array_add (child_argv, (char *) "dbus-run-session");
  g_ptr_array_add (child_argv, (char *) "--");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add (child_argv, argv[i]);
  g_ptr_array_add (child_argv, NULL);

  if (!g_spawn_sync (NULL, (char **) child_argv->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &wait_status, &error))
    {
      g_printerr ("keyring fixture: %s\n", error->message);
      fixture_remove_tree (dir);
      return 1;
    }

  fixture_remove_tree (dir);

  if (WIFEXITED (wait_status))
    return WEXITSTATUS (wait_status);
  return 1;
}

static gboolean
secrets_answer (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

gboolean
keyring_fixture_start (GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GOutputStream) in = NULL;
  gint64 deadline;

  g_return_val_if_fail (daemon_process == NULL, FALSE);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (bus == NULL)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  daemon_process = g_subprocess_launcher_spawn (launcher, error, "gnome-keyring-daemon",
                                                "--foreground", "--unlock", "--components=secrets",
                                                NULL);
  if (daemon_process == NULL)
    return FALSE;

  in = g_object_ref (g_subprocess_get_stdin_pipe (daemon_process));
  if (!g_output_stream_write_all (in, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL, error) ||
      !g_output_stream_close (in, NULL, error))
    return FALSE;

  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (!secrets_answer (bus))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "gnome-keyring-daemon did not answer on the bus within %d s", START_TIMEOUT_S);
          return FALSE;
        }
      g_usleep (50 * 1000);
    }

  return TRUE;
}

void
keyring_fixture_stop (void)
{
  if (daemon_process == NULL)
    return;

  g_subprocess_send_signal (daemon_process, SIGTERM);
  g_subprocess_wait (daemon_process, NULL, NULL);
  g_clear_object (&daemon_process);
}
