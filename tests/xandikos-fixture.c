/* xandikos-fixture.c
 *
 * The port as in radicale-fixture.c: one the kernel gave a moment ago,
 * and another when Xandikos lost it to another process and exited.
 */

#define G_LOG_DOMAIN "xandikos-fixture"

#include "config.h"

#include <signal.h>

#include "fixture-util.h"
#include "xandikos-fixture.h"

#define XANDIKOS        "/usr/bin/xandikos"
#define START_ATTEMPTS  5
/* Python and git on a busy machine. */
#define START_TIMEOUT_S 30

static gboolean
start_on_port (XandikosFixture  *self,
               GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *root = g_build_filename (self->dir, "root", NULL);
  g_autofree char *port = g_strdup_printf ("%u", self->port);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_child_setup (launcher, fixture_die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error, XANDIKOS, "-d", root,
                                               "-l", "127.0.0.1", "-p", port, "--defaults", NULL);
  if (self->process == NULL)
    return FALSE;

  if (fixture_wait_for_port (self->process, self->port, START_TIMEOUT_S))
    return TRUE;

  {
    g_autofree char *log = NULL;

    if (!g_file_get_contents (self->log_path, &log, NULL, NULL))
      log = g_strdup ("(no log)");
    g_strdelimit (g_strstrip (log), "\r\n", ' ');
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Xandikos did not start on port %u: %s", self->port, log);
  }
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);

  return FALSE;
}

XandikosFixture *
xandikos_fixture_new (GError **error)
{
  g_autoptr(XandikosFixture) self = g_new0 (XandikosFixture, 1);
  g_autoptr(GError) last_error = NULL;

  self->dir = g_dir_make_tmp ("rapport-xandikos-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->log_path = g_build_filename (self->dir, "xandikos.log", NULL);

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_autofree char *root = g_build_filename (self->dir, "root", NULL);

      self->port = fixture_find_free_port (error);
      if (self->port == 0)
        return NULL;
      g_clear_error (&last_error);
      /* A server that lost its port may have begun the defaults. */
      fixture_remove_tree (root);
      if (start_on_port (self, &last_error))
        {
          self->url = g_strdup_printf ("http://127.0.0.1:%u/", self->port);
          return g_steal_pointer (&self);
        }
    }

  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

void
xandikos_fixture_free (XandikosFixture *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
      g_clear_object (&self->process);
    }
  if (self->dir != NULL)
    fixture_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->log_path);
  g_free (self->url);
  g_free (self);
}
