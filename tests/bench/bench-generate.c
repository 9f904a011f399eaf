/* bench-generate.c
 *
 * Generates the data set of the core benchmark (build-aux/bench-core):
 * people and organizations from many cultures, contact history and
 * follow-ups, written through the store's public API in large
 * transactions. With --csv it writes a CSV file of customers instead, the
 * input of the import measurement.
 *
 * Everything is drawn from a GRand seeded with --seed, so two runs with
 * the same options produce the same records (UIDs aside).
 */

#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "rapport-store-private.h"

/* Records per transaction. */
#define BATCH_SIZE 10000

#define DAY  (24 * 3600)
#define YEAR (365 * DAY)

typedef struct
{
  const char        *language;       /* BCP 47 */
  const char        *country;        /* ISO 3166-1 alpha-2 */
  const char        *calling_code;
  guint              national_digits;
  guint              weight;
  gboolean           family_first;   /* "Nguyễn Lan", "Wang Wei" */
  const char        *street;
  const char        *tld;
  const char *const *time_zones;
  const char *const *given;
  const char *const *given_latin;    /* NULL: @given is written in Latin script */
  const char *const *family;
  const char *const *family_latin;
  const char *const *cities;
  const char *const *company_suffixes;
  const char *const *mail_domains;
  const char *const *phrases;        /* history notes in the customer's language */
} Culture;

#define STRV(...) ((const char *const []) { __VA_ARGS__, NULL })

static const Culture cultures[] = {
  {
    "de-DE", "DE", "+49", 11, 10, FALSE, "Hauptstraße", "de",
    STRV ("Europe/Berlin"),
    STRV ("Lukas", "Sophie", "Jürgen", "Jörg", "Käthe", "Björn", "Anneliese", "Günther", "Mia",
          "Felix", "Hannah", "Lena", "Maximilian", "Ursula", "Dieter", "Sören", "Bärbel", "Jan"),
    NULL,
    STRV ("Müller", "Schröder", "Schäfer", "Weiß", "Groß", "Köhler", "Hoffmann", "Krüger", "Bäcker",
          "Fuchs", "Wagner", "Becker", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Böhm",
          "Löwe", "Jäger", "Hübner", "Kühn", "Vogt", "Zimmermann"),
    NULL,
    STRV ("Berlin", "München", "Köln", "Düsseldorf", "Nürnberg", "Lübeck", "Göttingen", "Leipzig", "Hamburg"),
    STRV ("GmbH", "GmbH & Co. KG", "AG", "e.K."),
    STRV ("web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"),
    STRV ("Kunde bittet um Rückruf am Nachmittag.", "Lieferung verspätet, Paket beschädigt angekommen.",
          "Rechnung bitte an die Firmenadresse schicken.", "Rücksendung genehmigt, Gutschrift folgt.",
          "Kundin möchte den Liefertermin verschieben."),
  },
  {
    "fr-FR", "FR", "+33", 9, 7, FALSE, "rue Victor-Hugo", "fr",
    STRV ("Europe/Paris"),
    STRV ("François", "Hélène", "Émilie", "Jérôme", "Chloé", "Léa", "Noël", "Zoé", "Anaïs", "Benoît",
          "Céline", "Gaël", "Inès", "Thérèse", "Louis", "Camille", "Amélie", "Loïc"),
    NULL,
    STRV ("Lefèvre", "Dubois", "Fournier", "Girard", "Lemaître", "Mercier", "Durand", "Rousseau",
          "Faure", "Chevalier", "Gauthier", "Perrin", "Moreau", "Bélanger", "Lévêque", "Boucher",
          "Renaud", "Côté", "Bérard", "Prévost"),
    NULL,
    STRV ("Paris", "Lyon", "Besançon", "Orléans", "Nîmes", "Grenoble", "Saint-Étienne", "Nantes"),
    STRV ("SARL", "SAS", "SA"),
    STRV ("orange.fr", "free.fr", "laposte.net", "gmail.com", "wanadoo.fr"),
    STRV ("Le client demande un rappel demain matin.", "Colis arrivé abîmé, échange proposé.",
          "Facture à envoyer à la société, pas au domicile.", "Remboursement effectué après vérification.",
          "Cliente très satisfaite du délai de livraison."),
  },
  {
    "es-MX", "MX", "+52", 10, 5, FALSE, "Avenida Juárez", "mx",
    STRV ("America/Mexico_City", "America/Monterrey", "America/Tijuana"),
    STRV ("José", "María", "Inés", "Martín", "Sofía", "Raúl", "Lucía", "Andrés", "Ángel", "Jesús",
          "Camila", "Valentina", "Mateo", "Diego", "Ximena", "Simón"),
    NULL,
    STRV ("Núñez", "Peña", "Muñoz", "Ibáñez", "García", "Martínez", "Hernández", "López", "González",
          "Pérez", "Sánchez", "Ramírez", "Jiménez", "Gómez", "Díaz", "Álvarez", "Castañeda", "Ordóñez"),
    NULL,
    STRV ("Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida", "León"),
    STRV ("S.A. de C.V.", "S. de R.L."),
    STRV ("gmail.com", "hotmail.com", "outlook.com", "prodigy.net.mx"),
    STRV ("El cliente pide que le llamemos por la tarde.", "Pedido retrasado, se envió el número de seguimiento.",
          "Factura con datos fiscales corregidos.", "Devolución aceptada, reembolso en cinco días."),
  },
  {
    "es-ES", "ES", "+34", 9, 4, FALSE, "Calle Mayor", "es",
    STRV ("Europe/Madrid", "Atlantic/Canary"),
    STRV ("José", "María", "Inés", "Martín", "Sofía", "Raúl", "Lucía", "Andrés", "Ángel", "Jesús",
          "Nuria", "Íñigo", "Begoña", "Álvaro", "Pilar"),
    NULL,
    STRV ("Núñez", "Peña", "Muñoz", "Ibáñez", "García", "Martínez", "Fernández", "López", "Rodríguez",
          "Pérez", "Sánchez", "Gutiérrez", "Jiménez", "Gómez", "Díaz", "Álvarez", "Castaño", "Echeverría"),
    NULL,
    STRV ("Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Córdoba", "A Coruña", "Cádiz"),
    STRV ("S.L.", "S.A."),
    STRV ("gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"),
    STRV ("El cliente pide que le llamemos por la tarde.", "Pedido retrasado, se envió el número de seguimiento.",
          "Factura con datos fiscales corregidos.", "Devolución aceptada, reembolso en cinco días."),
  },
  {
    "pt-BR", "BR", "+55", 11, 5, FALSE, "Rua da Conceição", "br",
    STRV ("America/Sao_Paulo", "America/Manaus", "America/Recife"),
    STRV ("João", "Conceição", "Antônio", "Luíza", "Sebastião", "Gonçalo", "Thiago", "Beatriz",
          "Letícia", "Vitória", "Cauã", "Júlia", "Otávio"),
    NULL,
    STRV ("Gonçalves", "Araújo", "Magalhães", "Simões", "Brandão", "Leitão", "Falcão", "Assunção",
          "Souza", "Oliveira", "Santos", "Pereira", "Lima", "Carvalho", "Ribeiro", "Guimarães"),
    NULL,
    STRV ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Porto Alegre", "Florianópolis", "Goiânia", "Belém"),
    STRV ("Ltda.", "S.A.", "ME"),
    STRV ("gmail.com", "uol.com.br", "bol.com.br", "hotmail.com"),
    STRV ("Cliente pediu retorno da ligação.", "Encomenda atrasada, código de rastreio enviado.",
          "Nota fiscal reenviada por e-mail.", "Troca aprovada, reembolso em andamento."),
  },
  {
    "da-DK", "DK", "+45", 8, 2, FALSE, "Østergade", "dk",
    STRV ("Europe/Copenhagen"),
    STRV ("Søren", "Mette", "Jørgen", "Åse", "Bjørn", "Frederik", "Ida", "Mads", "Sofie", "Lærke", "Ørsted"),
    NULL,
    STRV ("Jørgensen", "Sørensen", "Nielsen", "Hansen", "Pedersen", "Møller", "Kjær", "Østergaard",
          "Andersen", "Dahl", "Lund", "Holm", "Bøgh"),
    NULL,
    STRV ("København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Næstved"),
    STRV ("ApS", "A/S"),
    STRV ("gmail.com", "mail.dk", "hotmail.dk"),
    NULL,
  },
  {
    "sv-SE", "SE", "+46", 9, 2, FALSE, "Storgatan", "se",
    STRV ("Europe/Stockholm"),
    STRV ("Åsa", "Björn", "Göran", "Linnéa", "Måns", "Örjan", "Ebba", "Elsa", "Oskar", "Karin", "Jöns"),
    NULL,
    STRV ("Åberg", "Lindström", "Sjöberg", "Öberg", "Bäckström", "Johansson", "Karlsson", "Nilsson",
          "Eriksson", "Löfgren", "Ekström", "Strömberg"),
    NULL,
    STRV ("Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping"),
    STRV ("AB", "HB"),
    STRV ("gmail.com", "telia.com", "bredband.net"),
    NULL,
  },
  {
    "pl-PL", "PL", "+48", 9, 4, FALSE, "ulica Długa", "pl",
    STRV ("Europe/Warsaw"),
    STRV ("Łukasz", "Małgorzata", "Wojciech", "Agnieszka", "Paweł", "Zofia", "Michał", "Katarzyna",
          "Stanisław", "Jędrzej", "Bożena", "Grażyna", "Kazimierz"),
    NULL,
    STRV ("Wójcik", "Kowalczyk", "Wiśniewski", "Dąbrowski", "Lewandowski", "Zieliński", "Szymański",
          "Woźniak", "Kamiński", "Kowalski", "Nowak", "Mazur", "Krawczyk", "Żak", "Błaszczyk"),
    NULL,
    STRV ("Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Szczecin", "Białystok"),
    STRV ("Sp. z o.o.", "S.A."),
    STRV ("wp.pl", "onet.pl", "o2.pl", "gmail.com", "interia.pl"),
    NULL,
  },
  {
    "tr-TR", "TR", "+90", 10, 4, FALSE, "Atatürk Caddesi", "tr",
    STRV ("Europe/Istanbul"),
    STRV ("Çağla", "Gökhan", "Şule", "Ömer", "Ayşe", "Mehmet", "Özge", "Emre", "Elif", "Barış", "Gül",
          "İbrahim", "Tuğba"),
    NULL,
    STRV ("Çelik", "Şahin", "Yılmaz", "Öztürk", "Aydın", "Kaya", "Demir", "Arslan", "Doğan", "Koç",
          "Güneş", "Aksoy", "Kılıç", "Çetin"),
    NULL,
    STRV ("İstanbul", "Ankara", "İzmir", "Bursa", "Eskişehir", "Muğla", "Gaziantep"),
    STRV ("A.Ş.", "Ltd. Şti."),
    STRV ("gmail.com", "hotmail.com", "yandex.com.tr"),
    NULL,
  },
  {
    "vi-VN", "VN", "+84", 9, 3, TRUE, "Đường Lê Lợi", "vn",
    STRV ("Asia/Ho_Chi_Minh"),
    STRV ("An", "Bảo", "Dũng", "Hương", "Lan", "Minh", "Ngọc", "Phương", "Quang", "Thảo", "Trung",
          "Tuấn", "Việt", "Hạnh"),
    NULL,
    STRV ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô"),
    NULL,
    STRV ("Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Huế"),
    STRV ("Co., Ltd.", "JSC"),
    STRV ("gmail.com", "yahoo.com.vn", "vnn.vn"),
    NULL,
  },
  {
    "en-NG", "NG", "+234", 10, 5, FALSE, "Allen Avenue", "ng",
    STRV ("Africa/Lagos"),
    STRV ("Amara", "Chinedu", "Ngozi", "Oluwaseun", "Adaeze", "Emeka", "Folake", "Ifeoma", "Obinna",
          "Tunde", "Yetunde", "Chiamaka", "Babajide", "Kelechi"),
    NULL,
    STRV ("Okafor", "Adebayo", "Okonkwo", "Eze", "Nwosu", "Adeyemi", "Balogun", "Chukwu", "Obi",
          "Olawale", "Onyeka", "Afolabi", "Ogunleye"),
    NULL,
    STRV ("Lagos", "Abuja", "Ibadan", "Port Harcourt", "Enugu", "Kano", "Benin City"),
    STRV ("Ltd", "Nigeria Ltd", "Enterprises"),
    STRV ("gmail.com", "yahoo.com", "outlook.com"),
    NULL,
  },
  {
    "sw-KE", "KE", "+254", 9, 3, FALSE, "Moi Avenue", "ke",
    STRV ("Africa/Nairobi"),
    STRV ("Wanjiru", "Otieno", "Akinyi", "Kamau", "Njeri", "Mwangi", "Achieng", "Baraka", "Imani",
          "Zawadi", "Juma", "Neema"),
    NULL,
    STRV ("Mwangi", "Otieno", "Kariuki", "Odhiambo", "Wambui", "Njoroge", "Kiplagat", "Chebet",
          "Kimani", "Mutua", "Ochieng", "Wekesa"),
    NULL,
    STRV ("Nairobi", "Mombasa", "Kisumu", "Nakuru", "Eldoret", "Thika"),
    STRV ("Ltd", "Kenya Ltd"),
    STRV ("gmail.com", "yahoo.com", "safaricom.co.ke"),
    NULL,
  },
  {
    "rw-RW", "RW", "+250", 9, 2, FALSE, "KN 3 Road", "rw",
    STRV ("Africa/Kigali"),
    STRV ("Aimé", "Jean-Paul", "Claudine", "Divine", "Éric", "Grâce", "Olivier", "Solange", "Innocent",
          "Josiane"),
    NULL,
    STRV ("Uwimana", "Mukamana", "Habimana", "Niyonzima", "Nsengiyumva", "Uwase", "Mugisha",
          "Ingabire", "Hakizimana", "Iradukunda"),
    NULL,
    STRV ("Kigali", "Huye", "Musanze", "Rubavu", "Rwamagana"),
    STRV ("Ltd", "SARL"),
    STRV ("gmail.com", "yahoo.fr", "mtn.co.rw"),
    NULL,
  },
  {
    "en-IN", "IN", "+91", 10, 6, FALSE, "MG Road", "in",
    STRV ("Asia/Kolkata"),
    STRV ("Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Aditya", "Lakshmi", "Rahul",
          "Deepika", "Sanjay", "Meera"),
    NULL,
    STRV ("Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Mehta", "Singh", "Kumar", "Rao",
          "Desai", "Chatterjee", "Banerjee", "Menon"),
    NULL,
    STRV ("Mumbai", "Bengaluru", "Chennai", "Pune", "Hyderabad", "Kolkata", "Ahmedabad", "Kochi"),
    STRV ("Pvt Ltd", "LLP", "Traders"),
    STRV ("gmail.com", "yahoo.co.in", "rediffmail.com"),
    NULL,
  },
  {
    "zh-CN", "CN", "+86", 11, 3, TRUE, "Nanjing Road", "cn",
    STRV ("Asia/Shanghai"),
    STRV ("Wei", "Fang", "Jing", "Lei", "Min", "Yan", "Hui", "Jun", "Xiu", "Tao", "Xiaoming"),
    NULL,
    STRV ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"),
    NULL,
    STRV ("Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu"),
    STRV ("Co., Ltd.", "Trading Co."),
    STRV ("qq.com", "163.com", "126.com"),
    NULL,
  },
  {
    "ja-JP", "JP", "+81", 10, 3, FALSE, "Chūō-dōri", "jp",
    STRV ("Asia/Tokyo"),
    STRV ("Sōta", "Yūko", "Kōji", "Shōhei", "Ryō", "Haruto", "Yui", "Aoi", "Ren", "Hina", "Takeshi"),
    NULL,
    STRV ("Satō", "Itō", "Katō", "Saitō", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Yamamoto",
          "Nakamura", "Kobayashi", "Gotō", "Ōno"),
    NULL,
    STRV ("Tōkyō", "Ōsaka", "Kyōto", "Yokohama", "Sapporo", "Kōbe", "Fukuoka"),
    STRV ("K.K.", "Co., Ltd."),
    STRV ("gmail.com", "yahoo.co.jp", "docomo.ne.jp"),
    NULL,
  },
  {
    "ru-RU", "RU", "+7", 10, 3, FALSE, "Тверская улица", "ru",
    STRV ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk"),
    STRV ("Иван", "Ольга", "Дмитрий", "Наталья", "Сергей", "Екатерина", "Алексей", "Татьяна", "Михаил",
          "Анна", "Фёдор"),
    STRV ("Ivan", "Olga", "Dmitry", "Natalya", "Sergey", "Ekaterina", "Alexey", "Tatyana", "Mikhail",
          "Anna", "Fyodor"),
    STRV ("Иванов", "Петров", "Соколов", "Попов", "Кузнецов", "Волков", "Фёдоров", "Морозов",
          "Лебедев", "Новиков"),
    STRV ("Ivanov", "Petrov", "Sokolov", "Popov", "Kuznetsov", "Volkov", "Fyodorov", "Morozov",
          "Lebedev", "Novikov"),
    STRV ("Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск"),
    STRV ("ООО", "АО"),
    STRV ("mail.ru", "yandex.ru", "gmail.com"),
    NULL,
  },
  {
    "el-GR", "GR", "+30", 10, 2, FALSE, "Οδός Ερμού", "gr",
    STRV ("Europe/Athens"),
    STRV ("Γιώργος", "Μαρία", "Νίκος", "Ελένη", "Δημήτρης", "Κατερίνα", "Σοφία", "Κώστας"),
    STRV ("Giorgos", "Maria", "Nikos", "Eleni", "Dimitris", "Katerina", "Sofia", "Kostas"),
    STRV ("Παπαδόπουλος", "Οικονόμου", "Γεωργίου", "Νικολάου", "Καραγιάννης", "Βασιλείου",
          "Αντωνίου", "Δημητρίου"),
    STRV ("Papadopoulos", "Oikonomou", "Georgiou", "Nikolaou", "Karagiannis", "Vasileiou",
          "Antoniou", "Dimitriou"),
    STRV ("Αθήνα", "Θεσσαλονίκη", "Πάτρα", "Ηράκλειο"),
    STRV ("Α.Ε.", "Ε.Π.Ε."),
    STRV ("gmail.com", "otenet.gr", "yahoo.gr"),
    NULL,
  },
  {
    "ar-EG", "EG", "+20", 10, 3, FALSE, "Tahrir Street", "eg",
    STRV ("Africa/Cairo"),
    STRV ("Ahmed", "Fatma", "Mohamed", "Nour", "Omar", "Yasmin", "Karim", "Mona", "Hossam", "Salma"),
    NULL,
    STRV ("El-Sayed", "Hassan", "Abdel-Rahman", "Mahmoud", "Farouk", "Ibrahim", "Mansour", "Soliman",
          "Khalil", "Naguib"),
    NULL,
    STRV ("Cairo", "Alexandria", "Giza", "Luxor", "Aswan", "Mansoura"),
    STRV ("S.A.E.", "LLC"),
    STRV ("gmail.com", "yahoo.com", "hotmail.com"),
    NULL,
  },
  {
    "en-GB", "GB", "+44", 10, 8, FALSE, "High Street", "co.uk",
    STRV ("Europe/London"),
    STRV ("Oliver", "Amelia", "Harry", "Isla", "George", "Emily", "Jack", "Charlotte", "Siobhán",
          "Seán", "Aoife", "Pádraig", "Niamh", "Rhys", "Ffion"),
    NULL,
    STRV ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "O'Brien",
          "Murphy", "Walsh", "MacDonald", "Ó Súilleabháin", "Llewellyn", "Patel"),
    NULL,
    STRV ("London", "Manchester", "Leeds", "Bristol", "Cardiff", "Edinburgh", "Belfast", "York"),
    STRV ("Ltd", "plc", "& Sons"),
    STRV ("gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"),
    NULL,
  },
  {
    "en-US", "US", "+1", 10, 10, FALSE, "Main Street", "com",
    STRV ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
          "America/Phoenix", "Pacific/Honolulu"),
    STRV ("James", "Mary", "Michael", "Jennifer", "David", "Linda", "Chris", "Ashley", "Tyler",
          "Brittany", "DeShawn", "Latoya", "Renée", "Zoë"),
    NULL,
    STRV ("Johnson", "Miller", "Davis", "Rodriguez", "Martinez", "Anderson", "Thompson", "White",
          "Harris", "Clark", "Lewis", "Robinson", "Nguyen", "Kim"),
    NULL,
    STRV ("New York", "Chicago", "Houston", "Phoenix", "Denver", "Seattle", "Atlanta", "Boston"),
    STRV ("Inc.", "LLC", "Corp."),
    STRV ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"),
    NULL,
  },
  {
    "fr-CA", "CA", "+1", 10, 2, FALSE, "rue Sainte-Catherine", "ca",
    STRV ("America/Toronto", "America/Montreal"),
    STRV ("Éloïse", "Gabriel", "Mélissa", "Étienne", "Josée", "Rémi", "Geneviève", "Frédéric"),
    NULL,
    STRV ("Tremblay", "Gagnon", "Côté", "Bélanger", "Lévesque", "Bouchard", "Gagné", "Pelletier"),
    NULL,
    STRV ("Montréal", "Québec", "Trois-Rivières", "Gatineau", "Sherbrooke"),
    STRV ("inc.", "ltée"),
    STRV ("videotron.ca", "gmail.com", "sympatico.ca"),
    STRV ("Le client demande un rappel demain matin.", "Colis arrivé abîmé, échange proposé.",
          "Facture à envoyer à la société, pas au domicile."),
  },
};

static const char *const sectors[] = {
  "Coffee", "Bakery", "Logistics", "Consulting", "Textiles", "Trading", "Pharmacy", "Motors",
  "Printing", "Hotels", "Dental Clinic", "Architects", "Solar", "Furniture", "Catering",
  "Engineering", "Software", "Florist", "Travel", "Insurance", "Foods", "Fitness", "Media",
  "Construction", "Garden Centre", "Opticians", "Veterinary Practice", "Bookshop", "Brewery",
};

static const char *const job_titles[] = {
  "Purchasing manager", "Office manager", "CEO", "Head of operations", "Accountant",
  "IT administrator", "Procurement officer", "Facility manager", "Sales director", "Assistant",
  "Owner", "Store manager",
};

static const char *const products[] = {
  "espresso machine", "coffee grinder", "standing desk", "office chair", "wireless headphones",
  "running shoes", "winter jacket", "rain coat", "hiking boots", "yoga mat", "blender", "toaster",
  "kettle", "air fryer", "rice cooker", "vacuum cleaner", "robot mower", "e-bike", "bike helmet",
  "child seat", "stroller", "laptop sleeve", "monitor arm", "keyboard", "webcam", "smart watch",
  "phone case", "tablet stand", "desk lamp", "bookshelf", "sofa bed", "mattress", "duvet",
  "bath towels", "linen curtains", "ceramic vase", "olive oil", "green tea", "coffee beans",
  "spice box", "gift hamper", "wine glasses", "cast iron pan", "knife set", "water filter",
  "solar charger", "camping stove", "tent", "sleeping bag", "backpack", "suitcase", "printer",
  "toner cartridge", "paper shredder", "label printer", "support plan", "software licence",
  "training course", "cleaning service", "catering order",
};

typedef struct
{
  const char *const *subjects;
  const char *const *sentences;   /* "%s" is a product */
} Topic;

static const Topic topics[] = {
  {
    STRV ("Late delivery", "Where is my parcel?", "Delivery slot change", "Damaged parcel", "Missing item"),
    STRV ("Customer asked where the %s is; the tracking page has not changed for three days.",
          "Parcel with the %s arrived damaged, box crushed at one corner.",
          "Courier left the parcel with a neighbour and the customer could not find it.",
          "Delivery of the %s is late, the promised date was last week.",
          "Wants to move the delivery slot to a morning next week.",
          "One item missing from the order: the %s was not in the box."),
  },
  {
    STRV ("Invoice question", "Payment failed", "Double charge", "Invoice copy"),
    STRV ("Asked for a copy of the invoice for the %s, with the VAT number added.",
          "Card payment failed twice; the customer will try a bank transfer.",
          "Charged twice for the %s; checked the bank statement together.",
          "Wants the invoice addressed to the company instead of the home address.",
          "Question about the discount that was not applied on the invoice."),
  },
  {
    STRV ("Refund request", "Return and refund", "Refund status"),
    STRV ("Requested a refund for the %s, unused and in the original box.",
          "Refund has not arrived yet; explained that it takes five working days.",
          "Return label sent by email; refund once the warehouse has checked the %s."),
  },
  {
    STRV ("Warranty claim", "Repair request", "Faulty product"),
    STRV ("The %s stopped working after two months; warranty repair offered.",
          "Customer sent photos of the fault; replacement approved under warranty.",
          "Repair of the %s took longer than expected; customer frustrated but polite."),
  },
  {
    STRV ("Password reset", "Cannot log in", "App crashes", "Setup help"),
    STRV ("Could not log in to the customer portal; password reset link sent.",
          "Walked the customer through setting up the %s step by step.",
          "App crashes when opening the order history; escalated to IT."),
  },
  {
    STRV ("Change of address", "Update contact details", "Newsletter"),
    STRV ("Moved house; new address recorded, the old one kept for open orders.",
          "New phone number and email address noted.",
          "Unsubscribe from the newsletter but keep order updates."),
  },
  {
    STRV ("Contract renewal", "Price quote", "Bulk order", "Upgrade"),
    STRV ("Interested in renewing the support plan for another year.",
          "Asked for a quote for twenty units of the %s for the office.",
          "Wants to upgrade to the premium plan if the price is right.",
          "Negotiated a volume discount for the next bulk order of the %s."),
  },
  {
    STRV ("Thank-you note", "Feedback on service", "Product suggestion", "Complaint about staff"),
    STRV ("Very happy with the %s and the quick service; left a review.",
          "Suggested a lighter version of the %s.",
          "Unhappy with how the shop assistant spoke to them; we apologised."),
  },
  {
    STRV ("Appointment booking", "Showroom visit", "Call back request"),
    STRV ("Booked a showroom visit on Saturday morning to see the %s.",
          "Asked for a call back after five in the evening.",
          "Rescheduled the installation appointment to next Tuesday."),
  },
};

static const char *const closings[] = {
  "Promised a call back tomorrow.", "Customer satisfied with the answer.",
  "Sent a follow-up email with the details.", "Will check with the warehouse and reply.",
  "Noted in the file for the account manager.", "Customer prefers email for the next contact.",
  "Offered a voucher as goodwill.", "No further action needed.",
};

static const char *const actions_requested[] = {
  "Call back", "Send an invoice copy", "Refund", "Replacement", "Quote", "Technician visit",
};

static const char *const actions_promised[] = {
  "Call back with tracking number", "Email the invoice copy today", "Send a replacement within a week",
  "Ask the warehouse and reply by Friday", "Book a technician visit", "Send the quote by Monday",
};

static const char *const agents[] = {
  "Amara", "Jonas", "Léa", "Kenji", "Sofia", "Tomasz", "Aylin", "Ravi", "Chloé", "Mateo", "Nia", "Erik",
};

static const char *const outcomes[] = {
  "resolved", "pending", "escalated", "waiting for customer",
};

static const char *const follow_up_titles[] = {
  "Call back with tracking number", "Send quote for the %s", "Check satisfaction after delivery",
  "Renewal call", "Confirm appointment", "Chase unpaid invoice", "Ask for a review of the %s",
  "Check that the refund arrived", "Send the new catalogue", "Follow up on the warranty repair",
  "Introduce the new account manager", "Offer the upgrade to the premium plan",
};

static const char *const customer_notes[] = {
  "Prefers email after 5 pm.", "Hard of hearing: speak slowly and clearly.",
  "Only available on weekdays.", "Long-standing customer, first order in 2015.",
  "Asked not to be called on Sundays.", "Pays by invoice, 30 days.",
  "Has a dog; ring twice at delivery.", "Met at the trade fair in Köln.",
  "Interested in the loyalty programme.", "Allergic to nuts: no food gifts.",
  "Prefers \"Dr.\" in letters, not the first name.", "Orders for the whole family, see notes, ask first.",
};

static const char *const cultural_notes[] = {
  "Use the family name and title until invited otherwise.", "Prefers formal written language.",
  "Avoid calls during the lunch break.", "Bilingual household; either language is fine.",
  "Name order: family name first.", "Appreciates a short greeting in their language.",
};

typedef struct
{
  const char *key;
  double      person;        /* probability for a person */
  double      organization;  /* probability for an organization */
} TypeChance;

static const TypeChance type_chances[] = {
  { "new", 0.08, 0.05 },
  { "returning", 0.30, 0.30 },
  { "vip", 0.04, 0.10 },
  { "budget", 0.08, 0.02 },
  { "problematic", 0.02, 0.02 },
  { "b2b", 0.0, 0.90 },
  { "b2c", 0.45, 0.0 },
  { "international", 0.12, 0.20 },
  { "tech-savvy", 0.10, 0.0 },
  { "traditional", 0.06, 0.0 },
  { "elderly", 0.04, 0.0 },
  { "young", 0.08, 0.0 },
  { "accessibility", 0.02, 0.0 },
  { "eco-conscious", 0.04, 0.03 },
  { "values-driven", 0.03, 0.02 },
  { "busy-professional", 0.07, 0.0 },
};

typedef struct
{
  gint64        id;
  guint         culture;
  char         *name;
  char         *slug;     /* for email domains */
} Organization;

typedef struct
{
  GRand        *rand;
  gint64        now;
  guint         total_weight;
  GPtrArray    *organizations;   /* Organization */
  GArray       *customer_ids;    /* gint64 */
  GArray       *customer_cultures; /* guint8, parallel to customer_ids */
  GByteArray   *has_zone;        /* parallel: customer has a time zone */
} Generator;

static void
organization_free (Organization *org)
{
  g_free (org->name);
  g_free (org->slug);
  g_free (org);
}

static guint
strv_len (const char *const *strv)
{
  guint n = 0;

  while (strv != NULL && strv[n] != NULL)
    n++;

  return n;
}

static guint
rand_below (Generator *gen,
            guint      n)
{
  return n > 1 ? (guint) g_rand_int_range (gen->rand, 0, (gint32) n) : 0;
}

static gboolean
chance (Generator *gen,
        double     p)
{
  return g_rand_double (gen->rand) < p;
}

static const char *
pick (Generator         *gen,
      const char *const *strv)
{
  return strv[rand_below (gen, strv_len (strv))];
}

#define PICK_ARRAY(gen, array) ((array)[rand_below ((gen), G_N_ELEMENTS (array))])

static guint
pick_culture (Generator *gen)
{
  guint r = rand_below (gen, gen->total_weight);

  for (guint i = 0; i < G_N_ELEMENTS (cultures); i++)
    {
      if (r < cultures[i].weight)
        return i;
      r -= cultures[i].weight;
    }

  return 0;
}

/* "Łukasz Wójcik-Nowak" -> "lukasz.wojcik-nowak"-like ASCII for email
 * addresses and domains; @separator replaces spaces. */
static char *
ascii_slug (const char *text,
            char        separator)
{
  static const struct { gunichar c; const char *ascii; } extra[] = {
    { 0x0142, "l" }, { 0x0141, "l" }, { 0x00F8, "o" }, { 0x00D8, "o" }, { 0x00E6, "ae" },
    { 0x00C6, "ae" }, { 0x0111, "d" }, { 0x0110, "d" }, { 0x0131, "i" }, { 0x00F0, "d" },
    { 0x00FE, "th" }, { 0x0153, "oe" }, { 0x00DF, "ss" },
  };
  g_autofree char *folded = rapport_store_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean mapped = FALSE;

      if (c < 0x80 && g_ascii_isalnum (c))
        {
          g_string_append_c (out, g_ascii_tolower (c));
          continue;
        }

      for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
        if (extra[i].c == c)
          {
            g_string_append (out, extra[i].ascii);
            mapped = TRUE;
          }

      if (!mapped && (c == ' ' || c == '-' || c == '\'') && out->len > 0 &&
          out->str[out->len - 1] != separator)
        g_string_append_c (out, separator);
    }

  while (out->len > 0 && out->str[out->len - 1] == separator)
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/* "+49 1512 3456789": the calling code, then the national number in
 * groups, the way people type it. */
static char *
make_phone (Generator     *gen,
            const Culture *culture)
{
  GString *phone = g_string_new (culture->calling_code);

  g_string_append_c (phone, ' ');
  for (guint i = 0; i < culture->national_digits; i++)
    {
      if (i == 3 || (i == 7 && culture->national_digits > 9))
        g_string_append_c (phone, ' ');
      g_string_append_c (phone, '0' + (i == 0 ? 1 + rand_below (gen, 9) : rand_below (gen, 10)));
    }

  return g_string_free (phone, FALSE);
}

static void
add_types (Generator       *gen,
           RapportCustomer *customer,
           gboolean         organization)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_chances); i++)
    if (chance (gen, organization ? type_chances[i].organization : type_chances[i].person))
      rapport_customer_add_type (customer, type_chances[i].key);
}

static void
add_address (Generator       *gen,
             const Culture   *culture,
             RapportCustomer *customer)
{
  RapportAddress *address = rapport_customer_add_address (customer, chance (gen, 0.8) ? "home" : "work");

  address->street = g_strdup_printf ("%s %u", culture->street, 1 + rand_below (gen, 180));
  address->locality = g_strdup (pick (gen, culture->cities));
  address->postal_code = g_strdup_printf ("%05u", rand_below (gen, 100000));
  address->country = g_strdup (culture->country);
}

static void
set_profile (Generator       *gen,
             const Culture   *culture,
             RapportCustomer *customer)
{
  /* Some records lack a language or a time zone, as in real address books. */
  if (chance (gen, 0.9))
    customer->language = g_strdup (culture->language);
  if (chance (gen, 0.9))
    customer->time_zone = g_strdup (pick (gen, culture->time_zones));
  if (chance (gen, 0.7))
    customer->country = g_strdup (culture->country);
  customer->preferred_channel = rand_below (gen, 10);
  customer->lifecycle = chance (gen, 0.8) ? RAPPORT_LIFECYCLE_ACTIVE : rand_below (gen, 4);
  if (chance (gen, 0.25))
    customer->best_time = g_strdup (chance (gen, 0.5) ? "mornings" : "after 17:00");
  if (chance (gen, 0.20))
    customer->notes = g_strdup (PICK_ARRAY (gen, customer_notes));
  if (chance (gen, 0.05))
    customer->cultural_notes = g_strdup (PICK_ARRAY (gen, cultural_notes));
  if (chance (gen, 0.3))
    {
      customer->consent_marketing = TRUE;
      customer->consent_date = g_strdup_printf ("20%02u-%02u-%02u", 18 + rand_below (gen, 7),
                                                1 + rand_below (gen, 12), 1 + rand_below (gen, 28));
      customer->consent_basis = g_strdup ("web form");
    }
  if (chance (gen, 0.4))
    add_address (gen, culture, customer);
}

/* The domain part of an organization's addresses; names written only in
 * Greek or Cyrillic letters get a made-up one. */
static char *
make_domain_slug (const char *name,
                  guint       serial)
{
  char *slug = ascii_slug (name, '-');

  if (strlen (slug) < 3)
    {
      g_free (slug);
      slug = g_strdup_printf ("company%u", serial);
    }

  return slug;
}

static char *
make_organization_name (Generator     *gen,
                        const Culture *culture)
{
  const char *suffix = pick (gen, culture->company_suffixes);
  const char *sector = PICK_ARRAY (gen, sectors);

  switch (rand_below (gen, 3))
    {
    case 0:
      return g_strdup_printf ("%s %s %s", pick (gen, culture->family), sector, suffix);
    case 1:
      return g_strdup_printf ("%s %s %s", pick (gen, culture->cities), sector, suffix);
    default:
      return g_strdup_printf ("%s & %s %s", pick (gen, culture->family), pick (gen, culture->family), suffix);
    }
}

static RapportCustomer *
make_organization (Generator     *gen,
                   guint          culture_index,
                   const char    *name,
                   const char    *slug)
{
  const Culture *culture = &cultures[culture_index];
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_autofree char *email = g_strdup_printf ("%s@%s.%s", chance (gen, 0.5) ? "info" : "orders",
                                            slug, culture->tld);
  g_autofree char *phone = make_phone (gen, culture);

  customer->display_name = g_strdup (name);
  rapport_customer_add_email (customer, email, "work", TRUE);
  rapport_customer_add_phone (customer, phone, "work", TRUE);
  set_profile (gen, culture, customer);
  add_types (gen, customer, TRUE);
  customer->created = gen->now - rand_below (gen, 5 * YEAR);

  return customer;
}

/* A person of @culture; @serial keeps email addresses apart; @org, when
 * given, is the organization they work for. */
static RapportCustomer *
make_person (Generator          *gen,
             guint               culture_index,
             guint               serial,
             const Organization *org)
{
  const Culture *culture = &cultures[culture_index];
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  guint given_index = rand_below (gen, strv_len (culture->given));
  guint family_index = rand_below (gen, strv_len (culture->family));
  const char *given = culture->given[given_index];
  const char *family = culture->family[family_index];
  const char *given_latin = culture->given_latin ? culture->given_latin[given_index] : given;
  const char *family_latin = culture->family_latin ? culture->family_latin[family_index] : family;
  g_autofree char *local_given = ascii_slug (given_latin, '-');
  g_autofree char *local_family = ascii_slug (family_latin, '-');
  g_autofree char *email = NULL;
  g_autofree char *phone = make_phone (gen, culture);

  customer->given_name = g_strdup (given);
  customer->family_name = g_strdup (family);
  if (culture->family_first)
    customer->display_name = g_strdup_printf ("%s %s", family, given);
  else
    customer->display_name = g_strdup_printf ("%s %s", given, family);
  if (culture->given_latin != NULL)
    customer->phonetic_name = g_strdup_printf ("%s %s", given_latin, family_latin);

  if (org != NULL)
    {
      email = g_strdup_printf ("%s.%s@%s.%s", local_given, local_family, org->slug,
                               cultures[org->culture].tld);
      customer->organization_id = org->id;
      customer->job_title = g_strdup (PICK_ARRAY (gen, job_titles));
    }
  else if (chance (gen, 0.5))
    email = g_strdup_printf ("%s.%s%u@%s", local_given, local_family, serial % 1000,
                             pick (gen, culture->mail_domains));
  else
    email = g_strdup_printf ("%c%s%u@%s", local_given[0], local_family, serial,
                             pick (gen, culture->mail_domains));

  if (chance (gen, 0.95))
    rapport_customer_add_email (customer, email, org ? "work" : "home", TRUE);
  if (chance (gen, 0.08))
    {
      g_autofree char *second = g_strdup_printf ("%s%u@%s", local_family, serial, pick (gen, culture->mail_domains));

      rapport_customer_add_email (customer, second, "other", FALSE);
    }
  if (chance (gen, 0.85))
    rapport_customer_add_phone (customer, phone, "mobile", TRUE);
  if (chance (gen, 0.15))
    {
      g_autofree char *second = make_phone (gen, culture);

      rapport_customer_add_phone (customer, second, "home", FALSE);
    }

  if (chance (gen, 0.03))
    customer->form_of_address = g_strdup ("Dr.");
  customer->first_name_basis = chance (gen, 0.4);
  if (org != NULL && chance (gen, 0.2))
    customer->job_title = g_strdup (PICK_ARRAY (gen, job_titles));

  set_profile (gen, culture, customer);
  add_types (gen, customer, FALSE);
  customer->created = gen->now - rand_below (gen, 5 * YEAR);

  return customer;
}

static void
append_sentence (GString    *body,
                 const char *format,
                 const char *product)
{
  if (body->len > 0)
    g_string_append_c (body, ' ');

  if (strstr (format, "%s") != NULL)
    {
      const char *at = strstr (format, "%s");

      g_string_append_len (body, format, at - format);
      g_string_append (body, product);
      g_string_append (body, at + 2);
    }
  else
    g_string_append (body, format);
}

static RapportInteraction *
make_interaction (Generator *gen,
                  gint64     customer_id,
                  guint      culture_index)
{
  const Culture *culture = &cultures[culture_index];
  const Topic *topic = &topics[rand_below (gen, G_N_ELEMENTS (topics))];
  const char *product = PICK_ARRAY (gen, products);
  RapportInteraction *interaction = rapport_interaction_new ();
  GString *body = g_string_new (NULL);
  guint n_sentences = 1 + rand_below (gen, 3);
  guint n_topic = strv_len (topic->sentences);
  guint first = rand_below (gen, n_topic);

  interaction->customer_id = customer_id;
  /* Three years of history, more of it recent. */
  interaction->when = gen->now - (gint64) (3.0 * YEAR * pow (g_rand_double (gen->rand), 1.5)) - 60;
  interaction->channel = 1 + rand_below (gen, 9);
  interaction->direction = chance (gen, 0.65) ? RAPPORT_DIRECTION_INBOUND : RAPPORT_DIRECTION_OUTBOUND;
  interaction->subject = g_strdup (pick (gen, topic->subjects));

  for (guint i = 0; i < MIN (n_sentences, n_topic); i++)
    append_sentence (body, topic->sentences[(first + i) % n_topic], product);
  if (chance (gen, 0.5))
    g_string_append_printf (body, " Order R%06u.", rand_below (gen, 1000000));
  if (culture->phrases != NULL && chance (gen, 0.35))
    append_sentence (body, pick (gen, culture->phrases), product);
  if (chance (gen, 0.6))
    append_sentence (body, PICK_ARRAY (gen, closings), product);
  interaction->body = g_string_free (body, FALSE);

  if (chance (gen, 0.3))
    interaction->action_requested = g_strdup (PICK_ARRAY (gen, actions_requested));
  if (chance (gen, 0.3))
    interaction->action_promised = g_strdup (PICK_ARRAY (gen, actions_promised));
  if (chance (gen, 0.1))
    {
      const Culture *other = &cultures[pick_culture (gen)];

      interaction->contact_name = g_strdup_printf ("%s %s", pick (gen, other->given), pick (gen, other->family));
      interaction->contact_point = make_phone (gen, other);
    }
  interaction->recorded_by = g_strdup (PICK_ARRAY (gen, agents));
  interaction->handle_time = 30 + rand_below (gen, 40 * 60);
  if (chance (gen, 0.5))
    interaction->outcome = g_strdup (PICK_ARRAY (gen, outcomes));

  return interaction;
}

static RapportFollowUp *
make_follow_up (Generator *gen,
                gint64     customer_id,
                guint      culture_index,
                gboolean   has_zone,
                gint64     first_interaction,
                gint64     last_interaction)
{
  const Culture *culture = &cultures[culture_index];
  RapportFollowUp *follow_up = rapport_follow_up_new ();
  const char *title = PICK_ARRAY (gen, follow_up_titles);
  gint64 offset;

  follow_up->customer_id = customer_id;
  if (strstr (title, "%s") != NULL)
    {
      GString *text = g_string_new (NULL);

      append_sentence (text, title, PICK_ARRAY (gen, products));
      follow_up->title = g_string_free (text, FALSE);
    }
  else
    follow_up->title = g_strdup (title);

  /* From a year ago to half a year ahead, on quarter hours. */
  offset = (gint64) rand_below (gen, (guint) ((365 + 182) * DAY / 900)) * 900 - 365 * (gint64) DAY;
  follow_up->due = (gen->now + offset) / 900 * 900;
  follow_up->time_zone = g_strdup (has_zone ? culture->time_zones[0] : "Europe/Berlin");
  follow_up->priority = chance (gen, 0.3) ? 1 + rand_below (gen, 9) : 0;
  follow_up->owner = g_strdup (PICK_ARRAY (gen, agents));
  if (chance (gen, 0.2))
    follow_up->notes = g_strdup (PICK_ARRAY (gen, closings));
  if (chance (gen, 0.05))
    follow_up->rrule = g_strdup (chance (gen, 0.5) ? "FREQ=WEEKLY" : "FREQ=MONTHLY;INTERVAL=3");
  if (last_interaction > 0 && chance (gen, 0.3))
    follow_up->origin_interaction_id = first_interaction +
                                       rand_below (gen, (guint) (last_interaction - first_interaction + 1));

  if (follow_up->due < gen->now)
    {
      double r = g_rand_double (gen->rand);

      if (r < 0.90)
        {
          follow_up->state = RAPPORT_FOLLOW_UP_DONE;
          follow_up->completed_at = MIN (gen->now, follow_up->due + rand_below (gen, 3 * DAY));
        }
      else if (r < 0.94)
        follow_up->state = RAPPORT_FOLLOW_UP_CANCELLED;
      else if (r < 0.955)
        follow_up->snoozed_until = gen->now + 3600 + rand_below (gen, 14 * DAY);
      /* else: still open, overdue */
    }
  else if (chance (gen, 0.08))
    follow_up->snoozed_until = follow_up->due + DAY + rand_below (gen, 6 * DAY);

  return follow_up;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static gboolean
generate_customers (Generator     *gen,
                    RapportStore  *store,
                    guint          n_customers,
                    GError       **error)
{
  guint n_orgs = n_customers / 10;
  gboolean ok = TRUE;

  for (guint i = 0; i < n_customers && ok; i++)
    {
      g_autoptr(RapportCustomer) customer = NULL;
      guint culture = pick_culture (gen);
      Organization *org = NULL;

      if (i % BATCH_SIZE == 0 && !rapport_store_begin (store, error))
        return FALSE;

      if (i < n_orgs)
        {
          org = g_new0 (Organization, 1);
          org->culture = culture;
          org->name = make_organization_name (gen, &cultures[culture]);
          org->slug = make_domain_slug (org->name, i);
          customer = make_organization (gen, culture, org->name, org->slug);
        }
      else
        {
          const Organization *employer = NULL;

          /* About a third of the people work for one of the organizations,
           * mostly of their own country. */
          if (n_orgs > 0 && chance (gen, 0.3))
            {
              employer = g_ptr_array_index (gen->organizations, rand_below (gen, n_orgs));
              if (chance (gen, 0.8))
                culture = employer->culture;
            }
          customer = make_person (gen, culture, i, employer);
        }

      ok = rapport_store_add_customer (store, customer, error);
      if (ok)
        {
          guint8 culture8 = culture;
          guint8 zone = customer->time_zone != NULL;

          g_array_append_val (gen->customer_ids, customer->id);
          g_array_append_val (gen->customer_cultures, culture8);
          g_byte_array_append (gen->has_zone, &zone, 1);
          if (org != NULL)
            {
              org->id = customer->id;
              g_ptr_array_add (gen->organizations, org);
            }
        }
      else if (org != NULL)
        organization_free (org);

      if ((i + 1) % BATCH_SIZE == 0 || i + 1 == n_customers || !ok)
        ok = rapport_store_end (store, ok, error) && ok;
    }

  return ok;
}

/* A multiplier coprime with @n: i -> i * m mod n permutes 0..n-1. */
static guint
coprime_multiplier (guint n)
{
  guint m = 7919;

  if (n < 2)
    return 1;

  for (;; m += 2)
    {
      guint a = m, b = n;

      while (b != 0)
        {
          guint t = a % b;

          a = b;
          b = t;
        }
      if (a == 1)
        return m;
    }
}

static gboolean
generate_interactions (Generator     *gen,
                       RapportStore  *store,
                       guint          n_interactions,
                       gint64        *first_id,
                       gint64        *last_id,
                       GError       **error)
{
  guint n_customers = gen->customer_ids->len;
  guint multiplier = coprime_multiplier (n_customers);
  gboolean ok = TRUE;

  *first_id = *last_id = 0;
  if (n_customers == 0)
    return TRUE;

  for (guint i = 0; i < n_interactions && ok; i++)
    {
      g_autoptr(RapportInteraction) interaction = NULL;
      guint rank, position;

      if (i % BATCH_SIZE == 0 && !rapport_store_begin (store, error))
        return FALSE;

      /* Some customers call often, most now and then: a skewed rank,
       * scattered over the ids. */
      rank = (guint) (n_customers * pow (g_rand_double (gen->rand), 1.8));
      position = (guint) (((guint64) MIN (rank, n_customers - 1) * multiplier) % n_customers);

      interaction = make_interaction (gen,
                                      g_array_index (gen->customer_ids, gint64, position),
                                      g_array_index (gen->customer_cultures, guint8, position));
      ok = rapport_store_add_interaction (store, interaction, error);
      if (ok)
        {
          if (*first_id == 0)
            *first_id = interaction->id;
          *last_id = interaction->id;
        }

      if ((i + 1) % BATCH_SIZE == 0 || i + 1 == n_interactions || !ok)
        ok = rapport_store_end (store, ok, error) && ok;

      if ((i + 1) % 200000 == 0)
        g_printerr ("bench-generate: %u interactions\n", i + 1);
    }

  return ok;
}

static gboolean
generate_follow_ups (Generator     *gen,
                     RapportStore  *store,
                     guint          n_follow_ups,
                     gint64         first_interaction,
                     gint64         last_interaction,
                     GError       **error)
{
  guint n_customers = gen->customer_ids->len;
  gboolean ok = TRUE;

  if (n_customers == 0)
    return TRUE;

  for (guint i = 0; i < n_follow_ups && ok; i++)
    {
      g_autoptr(RapportFollowUp) follow_up = NULL;
      guint position = rand_below (gen, n_customers);

      if (i % BATCH_SIZE == 0 && !rapport_store_begin (store, error))
        return FALSE;

      follow_up = make_follow_up (gen,
                                  g_array_index (gen->customer_ids, gint64, position),
                                  g_array_index (gen->customer_cultures, guint8, position),
                                  gen->has_zone->data[position],
                                  first_interaction, last_interaction);
      ok = rapport_store_add_follow_up (store, follow_up, error);

      if ((i + 1) % BATCH_SIZE == 0 || i + 1 == n_follow_ups || !ok)
        ok = rapport_store_end (store, ok, error) && ok;
    }

  return ok;
}

static gboolean
generate_database (Generator   *gen,
                   const char  *path,
                   guint        n_customers,
                   guint        n_interactions,
                   guint        n_follow_ups,
                   GError     **error)
{
  g_autoptr(RapportStore) store = NULL;
  gint64 start, phase;
  gint64 first_interaction = 0, last_interaction = 0;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   "%s already exists; the data set is generated into a new file", path);
      return FALSE;
    }

  start = g_get_monotonic_time ();
  if (!(store = rapport_store_open (path, error)))
    return FALSE;

  phase = g_get_monotonic_time ();
  if (!generate_customers (gen, store, n_customers, error))
    return FALSE;
  g_print ("generate_customers %u\n", gen->customer_ids->len);
  g_print ("generate_organizations %u\n", gen->organizations->len);
  g_print ("generate_customers_s %.2f\n", seconds_since (phase));

  phase = g_get_monotonic_time ();
  if (!generate_interactions (gen, store, n_interactions, &first_interaction, &last_interaction, error))
    return FALSE;
  g_print ("generate_interactions %u\n", n_interactions);
  g_print ("generate_interactions_s %.2f\n", seconds_since (phase));

  phase = g_get_monotonic_time ();
  if (!generate_follow_ups (gen, store, n_follow_ups, first_interaction, last_interaction, error))
    return FALSE;
  g_print ("generate_follow_ups %u\n", n_follow_ups);
  g_print ("generate_follow_ups_s %.2f\n", seconds_since (phase));

  /* Closing runs PRAGMA optimize and checkpoints the WAL into the file. */
  phase = g_get_monotonic_time ();
  g_clear_object (&store);
  g_print ("generate_close_s %.2f\n", seconds_since (phase));
  g_print ("generate_total_s %.2f\n", seconds_since (start));

  return TRUE;
}

/* Quotes a CSV field when it needs it. */
static void
append_csv_field (GString    *line,
                  const char *value,
                  gboolean    last)
{
  if (value != NULL && strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else if (value != NULL)
    g_string_append (line, value);

  g_string_append (line, last ? "\r\n" : ",");
}

static gboolean
write_csv (Generator   *gen,
           const char  *path,
           guint        n_rows,
           GError     **error)
{
  g_autoptr(GString) data = g_string_sized_new ((gsize) n_rows * 160);
  g_autoptr(GPtrArray) org_names = g_ptr_array_new_with_free_func ((GDestroyNotify) organization_free);
  guint n_orgs = MAX (1, n_rows / 30);
  gint64 start = g_get_monotonic_time ();

  /* Companies that the people of the file work for; the importer creates
   * each one the first time it sees its name. */
  for (guint i = 0; i < n_orgs; i++)
    {
      Organization *org = g_new0 (Organization, 1);

      org->culture = pick_culture (gen);
      org->name = make_organization_name (gen, &cultures[org->culture]);
      org->slug = make_domain_slug (org->name, i);
      g_ptr_array_add (org_names, org);
    }

  g_string_append (data, "name,email,phone,language,time zone,type,notes,organization\r\n");

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(GString) types = g_string_new (NULL);
      const Organization *org = NULL;
      guint culture = pick_culture (gen);
      gboolean company_row = chance (gen, 0.03);

      if (company_row || chance (gen, 0.3))
        {
          org = g_ptr_array_index (org_names, rand_below (gen, n_orgs));
          culture = chance (gen, 0.8) ? org->culture : culture;
        }

      if (company_row)
        customer = make_organization (gen, org->culture, org->name, org->slug);
      else
        customer = make_person (gen, culture, i, org);

      for (guint t = 0; t < customer->types->len; t++)
        g_string_append_printf (types, "%s%s", t > 0 ? (chance (gen, 0.5) ? ", " : ";") : "",
                                (const char *) g_ptr_array_index (customer->types, t));

      append_csv_field (data, company_row ? NULL : customer->display_name, FALSE);
      append_csv_field (data, rapport_customer_get_email (customer), FALSE);
      append_csv_field (data, rapport_customer_get_phone (customer), FALSE);
      append_csv_field (data, customer->language, FALSE);
      append_csv_field (data, customer->time_zone, FALSE);
      append_csv_field (data, types->str, FALSE);
      append_csv_field (data, customer->notes, FALSE);
      append_csv_field (data, org != NULL ? org->name : NULL, TRUE);
    }

  if (!g_file_set_contents (path, data->str, data->len, error))
    return FALSE;

  g_print ("csv_rows %u\n", n_rows);
  g_print ("csv_bytes %" G_GSIZE_FORMAT "\n", data->len);
  g_print ("csv_s %.2f\n", seconds_since (start));

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *csv_path = NULL;
  gint customers = 100000;
  gint interactions = 1000000;
  gint follow_ups = 200000;
  gint seed = 1;
  Generator gen = { 0 };
  struct rusage usage;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Generate the data set into the new database FILE", "FILE" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, "Write a CSV file of N customers (--customers) to FILE", "FILE" },
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Number of customers, a tenth of them organizations (100000)", "N" },
    { "interactions", 0, 0, G_OPTION_ARG_INT, &interactions, "Number of interactions (1000000)", "N" },
    { "follow-ups", 0, 0, G_OPTION_ARG_INT, &follow_ups, "Number of follow-ups (200000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the random generator (1)", "N" },
    G_OPTION_ENTRY_NULL
  };

  context = g_option_context_new ("- generate the data of the Rapport core benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-generate: %s\n", error->message);
      return 2;
    }

  if ((db_path == NULL && csv_path == NULL) || customers < 0 || interactions < 0 || follow_ups < 0)
    {
      g_printerr ("bench-generate: give --db FILE and/or --csv FILE, and counts of 0 or more\n");
      return 2;
    }

  gen.rand = g_rand_new_with_seed ((guint32) seed);
  gen.now = g_get_real_time () / G_USEC_PER_SEC;
  gen.organizations = g_ptr_array_new_with_free_func ((GDestroyNotify) organization_free);
  gen.customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gen.customer_cultures = g_array_new (FALSE, FALSE, sizeof (guint8));
  gen.has_zone = g_byte_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (cultures); i++)
    gen.total_weight += cultures[i].weight;

  if (db_path != NULL)
    ok = generate_database (&gen, db_path, customers, interactions, follow_ups, &error);
  if (ok && csv_path != NULL)
    ok = write_csv (&gen, csv_path, customers, &error);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("generate_peak_rss_kib %ld\n", usage.ru_maxrss);

  g_rand_free (gen.rand);
  g_ptr_array_unref (gen.organizations);
  g_array_unref (gen.customer_ids);
  g_array_unref (gen.customer_cultures);
  g_byte_array_unref (gen.has_zone);

  if (!ok)
    {
      g_printerr ("bench-generate: %s\n", error->message);
      return 1;
    }

  return 0;
}
