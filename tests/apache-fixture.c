/* apache-fixture.c
 *
 * Apache is started straight from /usr/sbin/apache2 with a whole
 * httpd.conf of our own (no Debian apache2ctl, no /etc/apache2), in the
 * foreground, with the event MPM held to one child process so that a
 * connection's requests all show in the same %k count.
 *
 * Started as root, Apache wants to hand its children to an unprivileged
 * user: they run as nobody:nogroup, so the folders they write (the DAV
 * folder, the lock database) are given to that user, and the temporary
 * folder is opened for it to pass through. The logs and the pid file
 * are written by the parent, which stays root.
 *
 * Nothing may outlive the test, even one that aborts: a child set up
 * with PR_SET_PDEATHSIG dies with us, but Apache's own children (and, in
 * a single process, Apache itself once it switched to nobody) lose that
 * setting. Hence, as root, Apache runs in a PID namespace of its own
 * under "unshare --kill-child": when unshare dies, Apache's parent (the
 * namespace's init, root, still holding the setting) is killed and the
 * kernel kills the rest of the namespace with it. Not root, Apache runs
 * as one process (-X) that keeps the setting.
 *
 * The port: bind a socket to 127.0.0.1:0, read the port, close it and
 * start Apache there; when another process took it in between, Apache
 * exits at once and we try another port.
 */

#define G_LOG_DOMAIN "apache-fixture"

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fixture-util.h"
#include "apache-fixture.h"

#define APACHE          "/usr/sbin/apache2"
#define UNSHARE         "/usr/bin/unshare"
#define APACHE_MODULES  "/usr/lib/apache2/modules"
#define RUN_USER        "nobody"
#define RUN_GROUP       "nogroup"
#define START_ATTEMPTS  5
#define START_TIMEOUT_S 20
#define LOG_TIMEOUT_S   10

static const char * const modules[][2] = {
  { "mpm_event_module", "mod_mpm_event.so" },
  { "authz_core_module", "mod_authz_core.so" },
  { "authz_user_module", "mod_authz_user.so" },
  { "authn_core_module", "mod_authn_core.so" },
  { "authn_file_module", "mod_authn_file.so" },
  { "auth_digest_module", "mod_auth_digest.so" },
  { "dav_module", "mod_dav.so" },
  { "dav_fs_module", "mod_dav_fs.so" },
};

static char *
read_one_line (const char *path)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(none)");
  g_strdelimit (g_strstrip (text), "\r\n", ' ');
  return g_steal_pointer (&text);
}

/* Folders the children write, for the user they run as. */
static gboolean
make_writable_dir (const char  *path,
                   GError     **error)
{
  if (g_mkdir (path, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  if (geteuid () == 0)
    {
      struct passwd *user = getpwnam (RUN_USER);
      struct group *group = getgrnam (RUN_GROUP);

      if (user == NULL || group == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "Running as root, Apache needs the user %s and the group %s",
                       RUN_USER, RUN_GROUP);
          return FALSE;
        }
      if (chown (path, user->pw_uid, group->gr_gid) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot give %s to %s: %s", path, RUN_USER, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/* user:realm:MD5(user:realm:password), what htdigest writes. */
static gboolean
write_users (ApacheFixture  *self,
             GError        **error)
{
  g_autofree char *path = g_build_filename (self->dir, "users", NULL);
  g_autofree char *secret = g_strdup_printf ("%s:%s:%s", APACHE_USER, APACHE_REALM, APACHE_PASSWORD);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_MD5, secret, -1);
  g_autofree char *line = g_strdup_printf ("%s:%s:%s\n", APACHE_USER, APACHE_REALM, hash);

  return g_file_set_contents_full (path, line, -1, G_FILE_SET_CONTENTS_NONE, 0644, error);
}

static gboolean
write_config (ApacheFixture  *self,
              GError        **error)
{
  g_autoptr(GString) config = g_string_new (NULL);

  g_string_append_printf (config,
                          "ServerRoot \"%s\"\n"
                          "DefaultRuntimeDir \"%s\"\n"
                          "PidFile \"%s/apache.pid\"\n"
                          "ServerName 127.0.0.1\n"
                          "Listen 127.0.0.1:%u\n",
                          self->dir, self->dir, self->dir, self->port);
  for (guint i = 0; i < G_N_ELEMENTS (modules); i++)
    g_string_append_printf (config, "LoadModule %s " APACHE_MODULES "/%s\n",
                            modules[i][0], modules[i][1]);
  if (geteuid () == 0)
    g_string_append (config,
                     "User " RUN_USER "\n"
                     "Group " RUN_GROUP "\n");
  g_string_append_printf (config,
                          /* One child: every connection in one %k count. */
                          "StartServers 1\n"
                          "ServerLimit 1\n"
                          "ThreadLimit 16\n"
                          "ThreadsPerChild 16\n"
                          "MaxRequestWorkers 16\n"
                          "MinSpareThreads 1\n"
                          "MaxSpareThreads 32\n"
                          "Timeout 30\n"
                          "KeepAlive On\n"
                          "MaxKeepAliveRequests 1000\n"
                          "KeepAliveTimeout 30\n"
                          "ErrorLog \"%s\"\n"
                          "LogLevel warn auth_digest:info\n"
                          /* client port, %%k, status, user, method, path */
                          "LogFormat \"%%{remote}p\\t%%k\\t%%>s\\t%%u\\t%%m\\t%%U\" rapport\n"
                          "CustomLog \"%s\" rapport\n"
                          "DocumentRoot \"%s/htdocs\"\n"
                          "DavLockDB \"%s/lock/DavLock\"\n"
                          "<Location /dav/>\n"
                          "  Dav On\n"
                          "  AuthType Digest\n"
                          "  AuthName \"" APACHE_REALM "\"\n"
                          "  AuthDigestDomain /dav/\n"
                          "  AuthDigestProvider file\n"
                          "  AuthUserFile \"%s/users\"\n"
                          "  Require valid-user\n"
                          "</Location>\n",
                          self->error_log_path, self->access_log_path,
                          self->dir, self->dir, self->dir);

  return g_file_set_contents (self->config_path, config->str, config->len, error);
}

static void
wait_for_exit (ApacheFixture *self)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* g_subprocess_wait() has no timeout: watch for the reaping instead,
   * and kill a server that does not stop. */
  while (g_subprocess_get_identifier (self->process) != NULL &&
         g_get_monotonic_time () < deadline)
    g_usleep (20 * 1000);
  if (g_subprocess_get_identifier (self->process) != NULL)
    g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

/* Starts Apache on self->port; FALSE when it exits or does not answer. */
static gboolean
start_on_port (ApacheFixture  *self,
               GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (!write_config (self, error))
    return FALSE;

  g_unlink (self->output_path);
  g_unlink (self->error_log_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->output_path);
  /* Apache's parent stays root and keeps this; it stops its children
   * itself (and as root, unshare's PID namespace takes them all). */
  g_subprocess_launcher_set_child_setup (launcher, fixture_die_with_parent, NULL, NULL);
  if (geteuid () == 0)
    self->process = g_subprocess_launcher_spawn (launcher, error,
                                                 UNSHARE, "--pid", "--kill-child", "--",
                                                 APACHE, "-f", self->config_path,
                                                 "-DFOREGROUND", NULL);
  else
    self->process = g_subprocess_launcher_spawn (launcher, error,
                                                 APACHE, "-f", self->config_path, "-X", NULL);
  if (self->process == NULL)
    return FALSE;

  if (fixture_wait_for_port (self->process, self->port, START_TIMEOUT_S))
    return TRUE;

  {
    g_autofree char *errors = apache_fixture_dup_errors (self);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Apache did not start on port %u: %s", self->port, errors);
  }
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);

  return FALSE;
}

ApacheFixture *
apache_fixture_new (GError **error)
{
  g_autoptr(ApacheFixture) self = NULL;
  g_autofree char *htdocs = NULL;
  g_autofree char *dav = NULL;
  g_autofree char *lock = NULL;
  g_autoptr(GError) last_error = NULL;

  if (!g_file_test (APACHE, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is missing: install the Debian package apache2 (build-aux/install-deps)",
                   APACHE);
      return NULL;
    }

  self = g_new0 (ApacheFixture, 1);
  self->dir = g_dir_make_tmp ("rapport-apache-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  /* The children pass through it to the DAV folder and the users file. */
  if (g_chmod (self->dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot open %s: %s", self->dir, g_strerror (saved_errno));
      return NULL;
    }
  self->config_path = g_build_filename (self->dir, "httpd.conf", NULL);
  self->access_log_path = g_build_filename (self->dir, "access.log", NULL);
  self->error_log_path = g_build_filename (self->dir, "error.log", NULL);
  self->output_path = g_build_filename (self->dir, "apache.out", NULL);

  htdocs = g_build_filename (self->dir, "htdocs", NULL);
  dav = g_build_filename (htdocs, "dav", NULL);
  lock = g_build_filename (self->dir, "lock", NULL);
  if (g_mkdir (htdocs, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", htdocs);
      return NULL;
    }
  if (!make_writable_dir (dav, error) ||
      !make_writable_dir (lock, error) ||
      !write_users (self, error))
    return NULL;

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      guint16 port = fixture_find_free_port (error);

      if (port == 0)
        return NULL;
      self->port = port;
      g_clear_error (&last_error);
      if (start_on_port (self, &last_error))
        return g_steal_pointer (&self);
    }

  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

void
apache_fixture_free (ApacheFixture *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    {
      /* unshare ignores SIGTERM while it waits: killing it takes the
       * whole namespace. A single Apache stops on SIGTERM. */
      if (geteuid () == 0)
        g_subprocess_force_exit (self->process);
      else
        g_subprocess_send_signal (self->process, SIGTERM);
      wait_for_exit (self);
    }
  if (self->dir != NULL)
    fixture_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->access_log_path);
  g_free (self->error_log_path);
  g_free (self->output_path);
  g_free (self);
}

char *
apache_fixture_url (ApacheFixture *self,
                    const char    *path)
{
  g_assert (path[0] == '/');
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

void
apache_log_entry_free (ApacheLogEntry *entry)
{
  g_free (entry->user);
  g_free (entry->method);
  g_free (entry->path);
  g_free (entry);
}

static GPtrArray *
parse_log (const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) apache_log_entry_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      ApacheLogEntry *entry;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      if (g_strv_length (fields) != 6)
        {
          g_warning ("Unexpected access log line: %s", lines[i]);
          continue;
        }

      entry = g_new0 (ApacheLogEntry, 1);
      entry->remote_port = (guint) g_ascii_strtoull (fields[0], NULL, 10);
      entry->keepalive = (guint) g_ascii_strtoull (fields[1], NULL, 10);
      entry->status = (guint) g_ascii_strtoull (fields[2], NULL, 10);
      entry->user = strcmp (fields[3], "-") != 0 ? g_strdup (fields[3]) : NULL;
      entry->method = g_strdup (fields[4]);
      entry->path = g_strdup (fields[5]);
      g_ptr_array_add (entries, entry);
    }

  return g_steal_pointer (&entries);
}

GPtrArray *
apache_fixture_read_log (ApacheFixture *self,
                         guint          count)
{
  gint64 deadline = g_get_monotonic_time () + LOG_TIMEOUT_S * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      if (!g_file_get_contents (self->access_log_path, &text, NULL, NULL))
        text = g_strdup ("");
      entries = parse_log (text);
      if (entries->len >= count || g_get_monotonic_time () >= deadline)
        return g_steal_pointer (&entries);
      g_usleep (20 * 1000);
    }
}

char *
apache_fixture_dup_errors (ApacheFixture *self)
{
  g_autofree char *log = read_one_line (self->error_log_path);
  g_autofree char *output = read_one_line (self->output_path);

  return g_strdup_printf ("error log: %s; output: %s", log, output);
}
