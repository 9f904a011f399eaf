/* radicale-fixture.c
 *
 * The port: bind a socket to 127.0.0.1:0, read the port the kernel gave,
 * close it and start Radicale there. Another process may take it in
 * between; Radicale then exits at once and we try another port (a
 * restart keeps its port: Radicale sets SO_REUSEADDR, so the old
 * connections in TIME_WAIT do not stand in the way).
 */

#define G_LOG_DOMAIN "radicale-fixture"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fixture-util.h"
#include "radicale-fixture.h"

#define RADICALE        "/usr/bin/radicale"
#define START_ATTEMPTS  5
#define START_TIMEOUT_S 20

/* Runs a command to completion; FALSE with its output in @error when it
 * fails. */
static gboolean
run (GError     **error,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;
  const char *arg;
  va_list args;

  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               error);
  if (process == NULL)
    return FALSE;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", first, output);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_config (RadicaleFixture  *self,
              GError          **error)
{
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *storage = g_build_filename (self->dir, "collections", NULL);
  g_autofree char *users = g_build_filename (self->dir, "users", NULL);

  g_string_append_printf (config,
                          "[server]\n"
                          "hosts = 127.0.0.1:%u\n"
                          "ssl = %s\n",
                          self->port, self->tls ? "True" : "False");
  if (self->tls)
    g_string_append_printf (config,
                            "certificate = %s\n"
                            "key = %s\n",
                            self->cert_path, self->key_path);
  g_string_append_printf (config,
                          "\n[auth]\n"
                          "type = htpasswd\n"
                          "htpasswd_filename = %s\n"
                          "htpasswd_encryption = md5\n"
                          "\n[rights]\n"
                          "type = owner_only\n"
                          "\n[storage]\n"
                          "filesystem_folder = %s\n"
                          "\n[logging]\n"
                          "level = warning\n",
                          users, storage);

  return g_file_set_contents (self->config_path, config->str, config->len, error);
}

static char *
read_log (RadicaleFixture *self)
{
  g_autofree char *log = NULL;

  if (!g_file_get_contents (self->log_path, &log, NULL, NULL))
    return g_strdup ("(no log)");
  /* One line, for TAP. */
  g_strdelimit (g_strstrip (log), "\r\n", ' ');
  return g_steal_pointer (&log);
}

/* Starts Radicale on self->port; FALSE when it exits or does not answer. */
static gboolean
start_on_port (RadicaleFixture  *self,
               GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (!write_config (self, error))
    return FALSE;

  g_unlink (self->log_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_child_setup (launcher, fixture_die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error,
                                               RADICALE, "--config", self->config_path, NULL);
  if (self->process == NULL)
    return FALSE;

  if (fixture_wait_for_port (self->process, self->port, START_TIMEOUT_S))
    return TRUE;

  {
    g_autofree char *log = read_log (self);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "Radicale did not start on port %u: %s", self->port, log);
  }
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);

  return FALSE;
}

static void
set_port (RadicaleFixture *self,
          guint16          port)
{
  self->port = port;
  g_free (self->url);
  self->url = g_strdup_printf ("%s://127.0.0.1:%u/", self->tls ? "https" : "http", port);
}

RadicaleFixture *
radicale_fixture_new (gboolean   tls,
                      GError   **error)
{
  g_autoptr(RadicaleFixture) self = g_new0 (RadicaleFixture, 1);
  g_autofree char *users = NULL;
  g_autoptr(GError) last_error = NULL;

  self->tls = tls;
  self->dir = g_dir_make_tmp ("rapport-radicale-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->config_path = g_build_filename (self->dir, "config", NULL);
  self->log_path = g_build_filename (self->dir, "radicale.log", NULL);
  users = g_build_filename (self->dir, "users", NULL);

  /* -m: Apache's MD5, which Radicale reads through passlib. */
  if (!run (error, "htpasswd", "-c", "-b", "-m", users, RADICALE_USER, RADICALE_PASSWORD, NULL))
    return NULL;

  if (tls)
    {
      self->cert_path = g_build_filename (self->dir, "cert.pem", NULL);
      self->key_path = g_build_filename (self->dir, "key.pem", NULL);
      if (!run (error, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", self->key_path, "-out", self->cert_path, NULL))
        return NULL;
    }

  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      guint16 port = fixture_find_free_port (error);

      if (port == 0)
        return NULL;
      set_port (self, port);
      g_clear_error (&last_error);
      if (start_on_port (self, &last_error))
        return g_steal_pointer (&self);
    }

  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}

static void
wait_for_exit (RadicaleFixture *self)
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

void
radicale_fixture_stop (RadicaleFixture *self)
{
  if (self->process == NULL)
    return;

  /* A frozen server would not see SIGTERM. */
  g_subprocess_send_signal (self->process, SIGCONT);
  g_subprocess_send_signal (self->process, SIGTERM);
  wait_for_exit (self);
}

void
radicale_fixture_kill (RadicaleFixture *self)
{
  g_assert_nonnull (self->process);

  g_subprocess_force_exit (self->process);
  wait_for_exit (self);
}

void
radicale_fixture_freeze (RadicaleFixture *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGSTOP);
}

void
radicale_fixture_thaw (RadicaleFixture *self)
{
  g_assert_nonnull (self->process);
  g_subprocess_send_signal (self->process, SIGCONT);
}

gboolean
radicale_fixture_restart (RadicaleFixture  *self,
                          GError          **error)
{
  g_assert_null (self->process);

  /* The port may take a moment to be free again. */
  for (guint attempt = 0; attempt < START_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      if (start_on_port (self, &local_error))
        return TRUE;
      if (attempt + 1 == START_ATTEMPTS)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_usleep (200 * 1000);
    }

  return FALSE;
}

void
radicale_fixture_free (RadicaleFixture *self)
{
  if (self == NULL)
    return;

  radicale_fixture_stop (self);
  if (self->dir != NULL)
    fixture_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->log_path);
  g_free (self->cert_path);
  g_free (self->key_path);
  g_free (self->url);
  g_free (self);
}

char *
radicale_fixture_url (RadicaleFixture *self,
                      const char      *path)
{
  g_assert (path[0] == '/');
  return g_strdup_printf ("%s://127.0.0.1:%u%s", self->tls ? "https" : "http", self->port, path);
}

char *
radicale_fixture_collection_dir (RadicaleFixture *self,
                                 const char      *path)
{
  g_assert (path[0] == '/');
  return g_build_filename (self->dir, "collections", "collection-root", path + 1, NULL);
}

guint
radicale_fixture_curl (RadicaleFixture *self,
                       const char      *method,
                       const char      *path,
                       const char      *content_type,
                       const char      *body)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  guint64 status = 0;

  g_ptr_array_add (argv, g_strdup ("curl"));
  g_ptr_array_add (argv, g_strdup ("--silent"));
  g_ptr_array_add (argv, g_strdup ("--output"));
  g_ptr_array_add (argv, g_strdup ("/dev/null"));
  g_ptr_array_add (argv, g_strdup ("--write-out"));
  g_ptr_array_add (argv, g_strdup ("%{http_code}"));
  g_ptr_array_add (argv, g_strdup ("--user"));
  g_ptr_array_add (argv, g_strdup (RADICALE_USER ":" RADICALE_PASSWORD));
  g_ptr_array_add (argv, g_strdup ("--request"));
  g_ptr_array_add (argv, g_strdup (method));
  if (self->tls)
    g_ptr_array_add (argv, g_strdup ("--insecure"));
  if (content_type != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--header"));
      g_ptr_array_add (argv, g_strdup_printf ("Content-Type: %s", content_type));
    }
  if (body != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--data-binary"));
      g_ptr_array_add (argv, g_strdup ("@-"));
    }
  g_ptr_array_add (argv, radicale_fixture_url (self, path));
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, body, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process) ||
      !g_ascii_string_to_unsigned (output, 10, 100, 599, &status, NULL))
    return 0;

  return (guint) status;
}

char *
radicale_fixture_openssl_fingerprint (RadicaleFixture *self)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *value;

  g_assert_nonnull (self->cert_path);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              "openssl", "x509", "-noout", "-fingerprint", "-sha256",
                              "-in", self->cert_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  /* "sha256 Fingerprint=AB:CD:..." (the label's case varies by version) */
  value = strchr (output, '=');
  g_assert_nonnull (value);
  return g_strstrip (g_strdup (value + 1));
}
