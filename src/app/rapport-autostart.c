/* rapport-autostart.c
 *
 * The entry names the running program by its absolute path, so a build
 * run from its folder starts itself, and the installed one the installed.
 */

#define G_LOG_DOMAIN "rapport-autostart"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "rapport-autostart.h"

char *
rapport_autostart_dup_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APP_ID ".desktop", NULL);
}

static char *
dup_self_path (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  return self != NULL ? g_steal_pointer (&self) : g_strdup ("rapport");
}

/* An argument of a desktop entry's Exec key: in double quotes, with
 * ", `, $ and \ escaped, when it holds anything but plain characters
 * (Desktop Entry Specification, "The Exec key"); % is doubled either way. */
static char *
quote_exec_argument (const char *argument)
{
  GString *out = g_string_new (NULL);
  gboolean plain = TRUE;

  for (const char *p = argument; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/-_.+,:@=", *p) == NULL && !((guchar) *p & 0x80))
      plain = FALSE;

  if (!plain)
    g_string_append_c (out, '"');
  for (const char *p = argument; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append_c (out, '%');
      else if (!plain && strchr ("\"`$\\", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  if (!plain)
    g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

gboolean
rapport_autostart_write_entry (gboolean     enabled,
                               const char  *exec,
                               GError     **error)
{
  g_autofree char *path = rapport_autostart_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *program = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GKeyFile) entry = NULL;
  g_autofree char *data = NULL;
  gsize length;

  if (!enabled)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot remove the autostart entry %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  program = exec != NULL ? g_strdup (exec) : dup_self_path ();
  quoted = quote_exec_argument (program);

  entry = g_key_file_new ();
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                         G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME, "Rapport");
  /* The comment is shown by session managers' autostart lists. */
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Keeps follow-up and renewal reminders firing"));
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON, APP_ID);
  command = g_strdup_printf ("%s --background", quoted);
  /* As a string: the key file escapes the backslashes once more. */
  g_key_file_set_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, command);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

  data = g_key_file_to_data (entry, &length, NULL);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static void
background_requested (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!xdp_portal_request_background_finish (XDP_PORTAL (source), result, &error))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("The system did not allow running in the background: %s"),
                               error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
rapport_autostart_set_async (GtkWindow           *parent,
                             gboolean             enabled,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_autostart_set_async);

  if (xdp_portal_running_under_flatpak ())
    {
      g_autoptr(XdpPortal) portal = xdp_portal_new ();
      g_autoptr(GPtrArray) commandline = g_ptr_array_new_with_free_func (g_free);
      XdpParent *xparent = parent != NULL ? xdp_parent_new_gtk (parent) : NULL;
      g_autofree char *reason = g_strdup (_("Rapport keeps your follow-up and renewal reminders firing"));

      g_ptr_array_add (commandline, g_strdup ("rapport"));
      g_ptr_array_add (commandline, g_strdup ("--background"));

      xdp_portal_request_background (portal, xparent, reason, commandline,
                                     enabled ? XDP_BACKGROUND_FLAG_AUTOSTART : XDP_BACKGROUND_FLAG_NONE,
                                     cancellable, background_requested, g_steal_pointer (&task));
      g_clear_pointer (&xparent, xdp_parent_free);
      return;
    }

  if (!rapport_autostart_write_entry (enabled, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

gboolean
rapport_autostart_set_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
