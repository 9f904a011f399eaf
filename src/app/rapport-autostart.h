/* rapport-autostart.h
 *
 * "Run in background for reminders": starts `rapport --background` when
 * the user logs in. Outside Flatpak that is an XDG autostart entry;
 * inside, the sandbox cannot write one, so the Background portal is asked
 * (it also lets the user refuse).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Where the XDG autostart entry goes: $XDG_CONFIG_HOME/autostart/APP_ID.desktop */
char     *rapport_autostart_dup_path    (void);
/* Writes (atomically) or removes the entry that runs @exec with
 * --background; @exec NULL: this program. */
gboolean  rapport_autostart_write_entry (gboolean              enabled,
                                         const char           *exec,
                                         GError              **error);
/* Whichever way applies here: the entry, or the portal inside Flatpak.
 * @parent may be NULL. */
void      rapport_autostart_set_async   (GtkWindow            *parent,
                                         gboolean              enabled,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  rapport_autostart_set_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
