/* ui-util.h
 *
 * For tests and tools that drive the real windows under Xvfb: running the
 * main loop for a while or until something holds, and finding widgets as
 * a user finds them, by their titles and labels.
 */
#pragma once

#include <adwaita.h>

/* Runs the main loop for @ms milliseconds. */
static inline void
ui_settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

/* Runs the main loop until @done says so; aborts naming @what after
 * @seconds. */
static inline void
ui_wait_until (gboolean    (*done) (gpointer data),
               gpointer      data,
               int           seconds,
               const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting until %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The first widget under @root (itself included) that @match accepts. */
static inline GtkWidget *
ui_find_widget (GtkWidget      *root,
                gboolean      (*match) (GtkWidget *widget, gconstpointer data),
                gconstpointer   data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* As ui_find_widget(), aborting naming @what when there is none. */
static inline GtkWidget *
ui_must_find (GtkWidget      *root,
              gboolean      (*match) (GtkWidget *widget, gconstpointer data),
              gconstpointer   data,
              const char     *what)
{
  GtkWidget *found = ui_find_widget (root, match, data);

  if (found == NULL)
    g_error ("Not found: %s", what);
  return found;
}

static inline gboolean
ui_is_row_titled (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static inline gboolean
ui_is_expander_titled (GtkWidget     *widget,
                       gconstpointer  data)
{
  return ADW_IS_EXPANDER_ROW (widget) && ui_is_row_titled (widget, data);
}

static inline gboolean
ui_is_button_labelled (GtkWidget     *widget,
                       gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static inline gboolean
ui_is_button_with_tooltip (GtkWidget     *widget,
                           gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

/* The message dialog on screen, or NULL. */
static inline AdwMessageDialog *
ui_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_mapped (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static inline gboolean
ui_dialog_shown (gpointer data)
{
  return ui_find_dialog () != NULL;
}
