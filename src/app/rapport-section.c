/* rapport-section.c */

#define G_LOG_DOMAIN "rapport-section"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-section.h"
#include "rapport-window.h"

void
rapport_section_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

void
rapport_section_menu_append (GMenu      *menu,
                             const char *label,
                             const char *action,
                             gint64      id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_return_if_fail (G_IS_MENU (menu));

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));
  g_menu_append_item (menu, item);
}

AdwToast *
rapport_section_undo_toast_new (const char     *title,
                                GCallback       callback,
                                gpointer        data,
                                GClosureNotify  destroy)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", callback, data, destroy, 0);

  return toast;
}

void
rapport_section_open_customer (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (RAPPORT_IS_WINDOW (root))
    rapport_window_show_customer (RAPPORT_WINDOW (root), g_variant_get_int64 (parameter));
}
