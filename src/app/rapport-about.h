/* rapport-about.h
 *
 * The About window.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rapport_show_about (GtkWindow *parent);

G_END_DECLS
