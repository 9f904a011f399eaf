/* rapport-customers-view.c */

#define G_LOG_DOMAIN "rapport-customers-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-customer-item.h"
#include "rapport-customer-page.h"
#include "rapport-customer-row.h"
#include "rapport-customers-view.h"
#include "rapport-demo.h"
#include "rapport-error.h"
#include "rapport-vcard-import.h"
#include "rapport-window.h"

struct _RapportCustomersView
{
  GtkWidget                 parent_instance;

  RapportContext           *context;
  RapportCustomerListModel *model;
  GtkSingleSelection       *selection;
  GPtrArray                *types;       /* RapportCustomerType */
  GPtrArray                *type_keys;   /* char*, by dropdown position; [0] NULL: all */
  GtkWidget                *page;        /* RapportCustomerPage */
  GtkFileChooserNative     *chooser;
  gboolean                  narrow;

  AdwLeaflet               *leaflet;
  AdwWindowTitle           *list_title;
  GtkButton                *back_button;
  GtkSearchEntry           *search_entry;
  GtkDropDown              *type_dropdown;
  GtkStack                 *list_stack;
  GtkListView              *list_view;
  GtkStack                 *detail_stack;
};

G_DEFINE_FINAL_TYPE (RapportCustomersView, rapport_customers_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (RapportCustomersView *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint total = rapport_customer_list_model_get_total (self->model);
  g_autofree char *subtitle = NULL;

  if (total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "welcome");
  else if (n_items == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  if (n_items == total)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", total), total);
  else
    subtitle = g_strdup_printf (/* Translators: shown while searching or filtering: "12 of 1,000" */
                                _("%u of %u"), n_items, total);
  adw_window_title_set_subtitle (self->list_title, subtitle);

  /* Search and filters make sense once there is something to find. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_entry), total > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_dropdown), total > 0);
}

static void
model_items_changed_cb (RapportCustomersView *self,
                        guint                 position,
                        guint                 removed,
                        guint                 added,
                        GListModel           *model)
{
  update_state (self);
}

static void
load_types (RapportCustomersView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_clear_pointer (&self->types, g_ptr_array_unref);
  self->types = rapport_store_list_customer_types (rapport_context_get_store (self->context), NULL);
  if (self->types == NULL)
    self->types = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_customer_type_free);

  g_ptr_array_set_size (self->type_keys, 0);
  g_ptr_array_add (self->type_keys, NULL);
  gtk_string_list_append (labels, _("All Types"));

  for (guint i = 0; i < self->types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (self->types, i);

      g_ptr_array_add (self->type_keys, g_strdup (type->key));
      gtk_string_list_append (labels, rapport_customer_type_get_label (type));
    }

  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->type_dropdown, 0);
}

static void
store_changed_cb (RapportCustomersView *self,
                  guint                 entity,
                  guint                 change,
                  gint64                id,
                  RapportStore         *store)
{
  if (entity == RAPPORT_ENTITY_CUSTOMER_TYPE || entity == RAPPORT_ENTITY_ALL)
    load_types (self);
}

static void
type_selected_cb (RapportCustomersView *self,
                  GParamSpec           *pspec,
                  GtkDropDown          *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < self->type_keys->len)
    rapport_customer_list_model_set_type (self->model, g_ptr_array_index (self->type_keys, selected));
}

static void
search_changed_cb (RapportCustomersView *self,
                   GtkSearchEntry       *entry)
{
  rapport_customer_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (RapportCustomersView *self,
                GtkSearchEntry       *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
show_position (RapportCustomersView *self,
               guint                 position)
{
  g_autoptr(RapportCustomerItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item == NULL)
    return;

  rapport_customer_page_set_customer (RAPPORT_CUSTOMER_PAGE (self->page),
                                      rapport_customer_item_get_id (item));
  gtk_stack_set_visible_child_name (self->detail_stack, "customer");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_activate_cb (RapportCustomersView *self,
                    GtkSearchEntry       *entry)
{
  /* Enter in the search opens the best match. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_position (self, 0);
    }
}

static void
list_activate_cb (RapportCustomersView *self,
                  guint                 position,
                  GtkListView          *list_view)
{
  show_position (self, position);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, rapport_customer_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RapportCustomersView     *self)
{
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);

  rapport_customer_row_bind (RAPPORT_CUSTOMER_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item),
                             self->types, now);
}

static void
undo_delete_cb (AdwToast             *toast,
                RapportCustomersView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "customer-id"));
  g_autoptr(GError) error = NULL;

  if (!rapport_store_restore_customer (rapport_context_get_store (self->context), id, &error))
    {
      rapport_window_toast_for (gtk_widget_get_root (GTK_WIDGET (self)), adw_toast_new (error->message));
      return;
    }

  rapport_customers_view_show_customer (self, id);
}

static void
page_deleted_cb (RapportCustomersView *self,
                 gint64                id,
                 const char           *name,
                 RapportCustomerPage  *page)
{
  g_autofree char *title = g_strdup_printf (_("“%s” moved to the trash"), name);
  AdwToast *deleted = adw_toast_new (title);

  adw_toast_set_button_label (deleted, _("_Undo"));
  adw_toast_set_priority (deleted, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data (G_OBJECT (deleted), "customer-id", GSIZE_TO_POINTER (id));
  g_signal_connect_object (deleted, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  rapport_window_toast_for (gtk_widget_get_root (GTK_WIDGET (self)), deleted);

  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
page_closed_cb (RapportCustomersView *self,
                RapportCustomerPage  *page)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
page_saved_cb (RapportCustomersView *self,
               gint64                id,
               RapportCustomerPage  *page)
{
  int position = rapport_customer_list_model_find (self->model, id);

  if (position >= 0)
    {
      gtk_single_selection_set_selected (self->selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) position);
    }
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data);

static void show_import_result (RapportCustomersView *self,
                                RapportImportReport  *report,
                                GError               *error,
                                RapportImportFlags    flags);

static gboolean
is_vcard_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".vcf") || g_str_has_suffix (lower, ".vcard"));
}

static void
import_file (RapportCustomersView *self,
             GFile                *file,
             RapportImportFlags    flags)
{
  g_object_set_data_full (G_OBJECT (self), "import-file", g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (self), "import-flags", GUINT_TO_POINTER (flags));

  /* An address book export is read at once: its cards are kept whole
   * with their customers, in the window's own connection. */
  if (is_vcard_file (file))
    {
      g_autoptr(RapportImportReport) report = NULL;
      g_autoptr(GError) error = NULL;

      if (rapport_import_vcf_file (rapport_context_get_store (self->context), file, flags, NULL, &report, &error))
        show_import_result (self, report, NULL, flags);
      else
        show_import_result (self, NULL, error, flags);
      return;
    }

  rapport_store_import_csv_async (rapport_context_get_store (self->context), file, flags, NULL,
                                  import_done_cb, g_object_ref (self));
}

static void
import_invalid_response_cb (AdwMessageDialog     *dialog,
                            const char           *response,
                            RapportCustomersView *self)
{
  GFile *file = g_object_get_data (G_OBJECT (self), "import-file");

  if (g_strcmp0 (response, "skip") == 0 && file != NULL)
    import_file (self, file, RAPPORT_IMPORT_SKIP_INVALID);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportCustomersView) self = user_data;
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RapportImportFlags flags = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "import-flags"));

  report = rapport_store_import_csv_finish (RAPPORT_STORE (object), result, &error);
  show_import_result (self, report, error, flags);
}

static void
show_import_result (RapportCustomersView *self,
                    RapportImportReport  *report,
                    GError               *error,
                    RapportImportFlags    flags)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));

  if (report == NULL || error != NULL)
    {
      GtkWidget *dialog;

      dialog = adw_message_dialog_new (window, _("Nothing Was Imported"), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      /* A bad row need not stop the good ones, if the user says so. */
      if (!(flags & RAPPORT_IMPORT_SKIP_INVALID) &&
          (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID) ||
           (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE) && g_str_has_prefix (error->message, "line ")) ||
           g_str_has_prefix (error->message, "card ")))
        {
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "skip", _("_Skip Invalid Rows"));
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "skip", ADW_RESPONSE_SUGGESTED);
        }
      g_signal_connect_object (dialog, "response", G_CALLBACK (import_invalid_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  if (report->problems->len > 0)
    {
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *heading = NULL;
      GtkWidget *dialog;

      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Imported %u Customer", "Imported %u Customers",
                                              report->imported),
                                 report->imported);
      for (guint i = 0; i < report->problems->len && i < 20; i++)
        g_string_append_printf (body, "%s\n", (const char *) g_ptr_array_index (report->problems, i));
      if (report->problems->len > 20)
        g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                   report->problems->len - 20),
                                report->problems->len - 20);

      dialog = adw_message_dialog_new (window, heading, body->str);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Imported %u customer", "Imported %u customers",
                                                             report->imported),
                                                report->imported);

      rapport_window_toast_for (gtk_widget_get_root (GTK_WIDGET (self)), adw_toast_new (title));
    }
}

static void
chooser_response_cb (RapportCustomersView *self,
                     int                   response,
                     GtkNativeDialog      *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      import_file (self, file, RAPPORT_IMPORT_DEFAULT);
    }

  g_clear_object (&self->chooser);
}

static void
new_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rapport_customers_view_new_customer (RAPPORT_CUSTOMERS_VIEW (widget), RAPPORT_CUSTOMER_KIND_PERSON);
}

static void
new_organization_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  rapport_customers_view_new_customer (RAPPORT_CUSTOMERS_VIEW (widget), RAPPORT_CUSTOMER_KIND_ORGANIZATION);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rapport_customers_view_import_csv (RAPPORT_CUSTOMERS_VIEW (widget));
}

static void
demo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportCustomersView *self = RAPPORT_CUSTOMERS_VIEW (widget);
  g_autoptr(GDateTime) now = rapport_context_dup_now (self->context);
  g_autoptr(GError) error = NULL;

  if (!rapport_store_add_demo_data (rapport_context_get_store (self->context), now, &error))
    rapport_window_toast_for (gtk_widget_get_root (GTK_WIDGET (self)), adw_toast_new (error->message));
}

static void
narrow_changed (RapportCustomersView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->narrow);
}

static void
apply_sort_setting (RapportCustomersView *self)
{
  g_autofree char *key = g_settings_get_string (rapport_context_get_settings (self->context), "customer-sort");
  RapportCustomerSort sort = RAPPORT_SORT_NAME;

  if (g_strcmp0 (key, "last-contact") == 0)
    sort = RAPPORT_SORT_LAST_CONTACT;
  else if (g_strcmp0 (key, "next-follow-up") == 0)
    sort = RAPPORT_SORT_NEXT_FOLLOW_UP;

  rapport_customer_list_model_set_sort (self->model, sort);
}

static void
folded_changed_cb (RapportCustomersView *self,
                   GParamSpec           *pspec,
                   AdwLeaflet           *leaflet)
{
  rapport_customer_page_set_narrow (RAPPORT_CUSTOMER_PAGE (self->page), adw_leaflet_get_folded (leaflet));
}

static void
rapport_customers_view_constructed (GObject *object)
{
  RapportCustomersView *self = (RapportCustomersView *)object;
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GAction) sort = NULL;
  RapportStore *store = rapport_context_get_store (self->context);
  GSettings *settings = rapport_context_get_settings (self->context);

  G_OBJECT_CLASS (rapport_customers_view_parent_class)->constructed (object);

  self->model = rapport_customer_list_model_new (store);
  apply_sort_setting (self);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  load_types (self);
  g_signal_connect_object (self->type_dropdown, "notify::selected", G_CALLBACK (type_selected_cb), self, G_CONNECT_SWAPPED);

  /* The sort is a setting: the list opens sorted as it was left. */
  sort = g_settings_create_action (settings, "customer-sort");
  g_action_map_add_action (G_ACTION_MAP (group), sort);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
  g_signal_connect_object (settings, "changed::customer-sort", G_CALLBACK (apply_sort_setting), self, G_CONNECT_SWAPPED);

  self->page = rapport_customer_page_new (self->context);
  gtk_stack_add_named (self->detail_stack, self->page, "customer");
  g_signal_connect_object (self->page, "deleted", G_CALLBACK (page_deleted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page, "closed", G_CALLBACK (page_closed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->page, "saved", G_CALLBACK (page_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);
  folded_changed_cb (self, NULL, self->leaflet);

  update_state (self);
}

static void
rapport_customers_view_dispose (GObject *object)
{
  RapportCustomersView *self = (RapportCustomersView *)object;

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CUSTOMERS_VIEW);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_pointer (&self->types, g_ptr_array_unref);
  g_clear_pointer (&self->type_keys, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_customers_view_parent_class)->dispose (object);
}

static void
rapport_customers_view_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportCustomersView *self = RAPPORT_CUSTOMERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customers_view_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportCustomersView *self = RAPPORT_CUSTOMERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          narrow_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customers_view_class_init (RapportCustomersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_customers_view_constructed;
  object_class->dispose = rapport_customers_view_dispose;
  object_class->get_property = rapport_customers_view_get_property;
  object_class->set_property = rapport_customers_view_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         RAPPORT_TYPE_CONTEXT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-customers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, list_title);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, list_view);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomersView, detail_stack);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "view.new-person", NULL, new_person_action);
  gtk_widget_class_install_action (widget_class, "view.new-organization", NULL, new_organization_action);
  gtk_widget_class_install_action (widget_class, "view.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "view.demo", NULL, demo_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_customers_view_init (RapportCustomersView *self)
{
  self->type_keys = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rapport_customers_view_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_CUSTOMERS_VIEW, "context", context, NULL);
}

void
rapport_customers_view_focus_search (RapportCustomersView *self)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
rapport_customers_view_new_customer (RapportCustomersView *self,
                                     RapportCustomerKind   kind)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  rapport_customer_page_edit_new (RAPPORT_CUSTOMER_PAGE (self->page), kind);
  gtk_stack_set_visible_child_name (self->detail_stack, "customer");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
rapport_customers_view_show_customer (RapportCustomersView *self,
                                      gint64                customer_id)
{
  int position;

  g_return_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self));

  position = rapport_customer_list_model_find (self->model, customer_id);
  if (position < 0 && (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0' ||
                       gtk_drop_down_get_selected (self->type_dropdown) != 0))
    {
      /* Not in the filtered list: show everyone, then find it. */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->type_dropdown, 0);
      position = rapport_customer_list_model_find (self->model, customer_id);
    }

  if (position >= 0)
    gtk_single_selection_set_selected (self->selection, position);

  rapport_customer_page_set_customer (RAPPORT_CUSTOMER_PAGE (self->page), customer_id);
  gtk_stack_set_visible_child_name (self->detail_stack, "customer");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

gboolean
rapport_customers_view_log_interaction (RapportCustomersView *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self), FALSE);

  if (rapport_customer_page_get_customer_id (RAPPORT_CUSTOMER_PAGE (self->page)) <= 0)
    return FALSE;

  rapport_customer_page_log_interaction (RAPPORT_CUSTOMER_PAGE (self->page));
  return TRUE;
}

gboolean
rapport_customers_view_new_follow_up (RapportCustomersView *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self), FALSE);

  if (rapport_customer_page_get_customer_id (RAPPORT_CUSTOMER_PAGE (self->page)) <= 0)
    return FALSE;

  rapport_customer_page_new_follow_up (RAPPORT_CUSTOMER_PAGE (self->page));
  return TRUE;
}

void
rapport_customers_view_import_file (RapportCustomersView *self,
                                    GFile                *file)
{
  g_return_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  import_file (self, file, RAPPORT_IMPORT_DEFAULT);
}

void
rapport_customers_view_import_csv (RapportCustomersView *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkWindow *window;

  g_return_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self));

  if (self->chooser != NULL)
    return;

  window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  self->chooser = gtk_file_chooser_native_new (_("Import Customers"), window,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Contacts (CSV or vCard)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_mime_type (filter, "text/vcard");
  gtk_file_filter_add_mime_type (filter, "text/x-vcard");
  gtk_file_filter_add_suffix (filter, "vcf");
  gtk_file_filter_add_suffix (filter, "vcard");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

gboolean
rapport_customers_view_has_changes (RapportCustomersView *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self), FALSE);

  return rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (self->page));
}

gboolean
rapport_customers_view_save_changes (RapportCustomersView *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self), FALSE);

  gtk_widget_activate_action (self->page, "customer.save", NULL);
  return !rapport_customer_page_has_changes (RAPPORT_CUSTOMER_PAGE (self->page));
}

RapportCustomerListModel *
rapport_customers_view_get_model (RapportCustomersView *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMERS_VIEW (self), NULL);

  return self->model;
}
