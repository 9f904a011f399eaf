/* rapport-section.h
 *
 * Pieces the section views (Follow-ups, Renewals, Cases) share: their
 * lists, row menus, Undo toasts and the action that opens a customer.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void      rapport_section_clear_list     (GtkListBox     *list);
/* Appends @label activating @action with the record id @id. */
void      rapport_section_menu_append    (GMenu          *menu,
                                          const char     *label,
                                          const char     *action,
                                          gint64          id);
/* A toast titled @title with an Undo button calling @callback with @data;
 * @destroy frees @data with the toast. */
AdwToast *rapport_section_undo_toast_new (const char     *title,
                                          GCallback       callback,
                                          gpointer        data,
                                          GClosureNotify  destroy);
/* A widget action taking the customer id ("x"): shows that customer in
 * the window. */
void      rapport_section_open_customer  (GtkWidget      *widget,
                                          const char     *action_name,
                                          GVariant       *parameter);

G_END_DECLS
