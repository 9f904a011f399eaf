/* test-autostart.c
 *
 * "Run in background" outside Flatpak: the XDG autostart entry that starts
 * `rapport --background` at login is written whole and valid, names the
 * program exactly (spaces and all), is removed again, and a config folder
 * that cannot hold it gives an error naming it.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "rapport-autostart.h"

static char *config_dir;

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
test_entry_written_and_removed (void)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rapport_autostart_dup_path ();
  g_autofree char *expected = g_build_filename (config_dir, "autostart", APP_ID ".desktop", NULL);
  g_autofree char *exec = NULL;
  g_autofree char *start_group = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) argv = NULL;
  const char *validate[] = { "desktop-file-validate", NULL, NULL };
  int status;

  g_assert_cmpstr (path, ==, expected);

  g_assert_true (rapport_autostart_write_entry (TRUE, "/opt/My \"Apps\" $HOME/100%/rapport", &error));
  g_assert_no_error (error);

  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
  g_assert_no_error (error);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 2);
  /* g_shell_parse_argv reads the quoting the way the specification
   * describes it, but does not undo the doubled %. */
  g_assert_cmpstr (argv[0], ==, "/opt/My \"Apps\" $HOME/100%%/rapport");
  g_assert_cmpstr (argv[1], ==, "--background");
  g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", NULL));
  start_group = g_key_file_get_start_group (entry);
  g_assert_cmpstr (start_group, ==, G_KEY_FILE_DESKTOP_GROUP);

  /* What session managers read must be a valid desktop entry. */
  validate[1] = path;
  g_spawn_sync (NULL, (char **) validate, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("desktop-file-validate refused the entry: %s%s", out, err);

  g_assert_true (rapport_autostart_write_entry (FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Off when already off is no error. */
  g_assert_true (rapport_autostart_write_entry (FALSE, NULL, &error));
  g_assert_no_error (error);
}

/* With no program given it names this one, by absolute path. */
static void
test_entry_names_this_program (void)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = rapport_autostart_dup_path ();
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exec = NULL;
  g_auto(GStrv) argv = NULL;

  g_assert_true (rapport_autostart_write_entry (TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
  exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, NULL);
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, NULL));
  g_assert_cmpstr (argv[0], ==, self);
  g_assert_true (g_path_is_absolute (argv[0]));

  g_assert_true (rapport_autostart_write_entry (FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
set_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!rapport_autostart_set_finish (result, error) && *error == NULL)
    g_error ("Failed without an error");
  g_main_context_wakeup (NULL);
}

/* The asynchronous way the preference takes, outside Flatpak. */
static void
test_set_async (void)
{
  g_autofree char *path = rapport_autostart_dup_path ();

  for (int enabled = 1; enabled >= 0; enabled--)
    {
      GError *error = NULL;
      gboolean done = FALSE;

      rapport_autostart_set_async (NULL, enabled, NULL, set_done, &error);
      /* The result comes in an idle of the main context. */
      while (!done)
        {
          g_main_context_iteration (NULL, TRUE);
          done = error != NULL || g_file_test (path, G_FILE_TEST_EXISTS) == enabled;
        }
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_no_error (error);
      g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, enabled);
    }
}

/* A file where the autostart folder should be: a clear error, no entry. */
static void
test_unwritable_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (config_dir, "autostart", NULL);

  remove_tree (folder);
  g_assert_true (g_file_set_contents (folder, "not a folder", -1, NULL));

  g_assert_false (rapport_autostart_write_entry (TRUE, "/usr/bin/rapport", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, folder));

  g_unlink (folder);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* Before GLib reads it. */
  config_dir = g_dir_make_tmp ("rapport-autostart-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/autostart/entry-written-and-removed", test_entry_written_and_removed);
  g_test_add_func ("/autostart/entry-names-this-program", test_entry_names_this_program);
  g_test_add_func ("/autostart/set-async", test_set_async);
  g_test_add_func ("/autostart/unwritable-folder", test_unwritable_folder);

  ret = g_test_run ();

  remove_tree (config_dir);
  g_free (config_dir);

  return ret;
}
