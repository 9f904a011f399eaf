/* rapport-customer-chooser.c */

#define G_LOG_DOMAIN "rapport-customer-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-customer-chooser.h"

/* Enough to find someone by typing; more is a longer name to type. */
#define CHOOSER_RESULTS 20

typedef struct
{
  RapportStore          *store;
  GtkSearchEntry        *search;
  GtkListBox            *results;
  GtkLabel              *empty;
  RapportCustomerChosen  chosen;
  gpointer               user_data;
  GDestroyNotify         destroy;
} Chooser;

static void
chooser_free (gpointer data)
{
  Chooser *chooser = data;

  if (chooser->destroy != NULL)
    chooser->destroy (chooser->user_data);
  g_clear_object (&chooser->store);
  g_free (chooser);
}

static gint64
row_customer_id (GtkListBoxRow *row)
{
  const gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "customer-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
fill_results (AdwMessageDialog *dialog,
              Chooser          *chooser)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (chooser->results))))
    gtk_list_box_remove (chooser->results, child);

  query.search = gtk_editable_get_text (GTK_EDITABLE (chooser->search));
  query.sort = RAPPORT_SORT_NAME;
  query.limit = CHOOSER_RESULTS;

  if (!(ids = rapport_store_list_customer_ids (chooser->store, &query, &error)))
    {
      gtk_label_set_text (chooser->empty, error->message);
      gtk_widget_set_visible (GTK_WIDGET (chooser->empty), TRUE);
      adw_message_dialog_set_response_enabled (dialog, "choose", FALSE);
      return;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(RapportCustomer) customer = rapport_store_get_customer (chooser->store, id, NULL);
      const char *email;
      GtkWidget *row;

      if (customer == NULL)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer->display_name);
      /* What tells two people of one name apart. */
      email = rapport_customer_get_email (customer);
      if (customer->organization_name != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), customer->organization_name);
      else if (email != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), email);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "customer-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (chooser->results, row);
    }

  gtk_label_set_text (chooser->empty, _("No customer matches the search."));
  gtk_widget_set_visible (GTK_WIDGET (chooser->empty), ids->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (chooser->results), ids->len > 0);

  /* One match is the answer; of several, the one activated (a click,
   * Enter) is. */
  if (ids->len == 1)
    gtk_list_box_select_row (chooser->results, gtk_list_box_get_row_at_index (chooser->results, 0));
  adw_message_dialog_set_response_enabled (dialog, "choose",
                                           gtk_list_box_get_selected_row (chooser->results) != NULL);
}

static void
search_changed_cb (GtkSearchEntry   *search,
                   AdwMessageDialog *dialog)
{
  fill_results (dialog, g_object_get_data (G_OBJECT (dialog), "chooser"));
}

static void
search_activate_cb (GtkSearchEntry   *search,
                    AdwMessageDialog *dialog)
{
  Chooser *chooser = g_object_get_data (G_OBJECT (dialog), "chooser");

  if (gtk_list_box_get_selected_row (chooser->results) != NULL)
    adw_message_dialog_response (dialog, "choose");
}

static void
activated_cb (GtkListBox       *results,
              GtkListBoxRow    *row,
              AdwMessageDialog *dialog)
{
  gtk_list_box_select_row (results, row);
  adw_message_dialog_response (dialog, "choose");
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  Chooser *chooser = g_object_get_data (G_OBJECT (dialog), "chooser");
  gint64 id = row_customer_id (gtk_list_box_get_selected_row (chooser->results));

  if (g_str_equal (response, "choose") && id > 0)
    chooser->chosen (id, chooser->user_data);
}

GtkWidget *
rapport_customer_chooser_present (GtkWindow             *parent,
                                  RapportStore          *store,
                                  const char            *heading,
                                  const char            *body,
                                  const char            *search,
                                  const char            *action,
                                  RapportCustomerChosen  chosen,
                                  gpointer               user_data,
                                  GDestroyNotify         destroy)
{
  Chooser *chooser = g_new0 (Chooser, 1);
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (chosen != NULL, NULL);

  chooser->store = g_object_ref (store);
  chooser->chosen = chosen;
  chooser->user_data = user_data;
  chooser->destroy = destroy;
  g_object_set_data_full (G_OBJECT (dialog), "chooser", chooser, chooser_free);

  chooser->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (chooser->search, "placeholder-text", _("Search customers"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser->search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search customers"),
                                  -1);
  if (search != NULL)
    gtk_editable_set_text (GTK_EDITABLE (chooser->search), search);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (chooser->search));

  chooser->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (chooser->results, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (chooser->results), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (chooser->results),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Customers found"),
                                  -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (chooser->results));
  gtk_box_append (GTK_BOX (box), scrolled);

  chooser->empty = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (chooser->empty, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (chooser->empty), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (chooser->empty));

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "choose", action,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "choose", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "choose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect (chooser->search, "search-changed", G_CALLBACK (search_changed_cb), dialog);
  g_signal_connect (chooser->search, "activate", G_CALLBACK (search_activate_cb), dialog);
  g_signal_connect (chooser->results, "row-activated", G_CALLBACK (activated_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);

  fill_results (ADW_MESSAGE_DIALOG (dialog), chooser);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (chooser->search));

  return dialog;
}
