/* rapport-window.h
 *
 * The main window: a sidebar of sections (Customers, Follow-ups,
 * Renewals, Cases) beside the section's own view, folding to one pane below
 * about 600 px.
 *
 * Section views are widgets with their own AdwHeaderBar. Each has:
 * - a construct-only "context" property (RapportContext);
 * - a boolean "narrow" property, set by the window while folded: the view
 *   then shows a back button (icon "go-previous-symbolic", tooltip
 *   "Sections") in the start of its header bar that activates
 *   "win.show-sections".
 * Views reach the window with gtk_widget_get_root() for toasts.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_WINDOW (rapport_window_get_type ())

G_DECLARE_FINAL_TYPE (RapportWindow, rapport_window, RAPPORT, WINDOW, AdwApplicationWindow)

RapportWindow  *rapport_window_new          (AdwApplication *application,
                                             RapportContext *context);
RapportContext *rapport_window_get_context  (RapportWindow  *self);
void            rapport_window_add_toast    (RapportWindow  *self,
                                             AdwToast       *toast);
/* Shows @toast (taken) in @root when it is a RapportWindow, else drops
 * it: for widgets that may outlive their window or be shown elsewhere. */
void            rapport_window_toast_for    (GtkRoot        *root,
                                             AdwToast       *toast);
/* A high-priority toast "WHAT: the error's message". */
void            rapport_window_toast_error  (GtkRoot        *root,
                                             const char     *what,
                                             const GError   *error);
/* "customers", "follow-ups", "renewals", "cases" */
void            rapport_window_show_section (RapportWindow  *self,
                                             const char     *name);
/* Opens the customer in the Customers section. */
void            rapport_window_show_customer (RapportWindow *self,
                                             gint64          customer_id);

G_END_DECLS
