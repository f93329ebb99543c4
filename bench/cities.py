# ruff: noqa: RUF001, E501  (real place names use dotless i and okina; the table reads best unwrapped)
"""Real cities for the data generator: name, country, coordinates, time zone, currency, a typical
nightly price in that currency's units, and a few real neighbourhoods (accents kept on purpose:
autocomplete and the city filter must fold them)."""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    name: str
    country: str
    latitude: float
    longitude: float
    time_zone: str
    currency: str
    price: int  # typical nightly price, in currency units
    neighborhoods: tuple[str, ...]


_RAW = """
Lisbon|PT|38.7223|-9.1393|Europe/Lisbon|EUR|95|Alfama,Baixa,Chiado,Belém,Príncipe Real
Porto|PT|41.1579|-8.6291|Europe/Lisbon|EUR|80|Ribeira,Bonfim,Foz do Douro,Cedofeita
Madrid|ES|40.4168|-3.7038|Europe/Madrid|EUR|100|Malasaña,Chueca,Lavapiés,Salamanca,La Latina
Barcelona|ES|41.3874|2.1686|Europe/Madrid|EUR|120|Gràcia,El Born,Eixample,Barceloneta,Poblenou
Seville|ES|37.3891|-5.9845|Europe/Madrid|EUR|85|Triana,Santa Cruz,Alameda,Macarena
Valencia|ES|39.4699|-0.3763|Europe/Madrid|EUR|80|Ruzafa,El Carmen,Cabanyal,Benimaclet
Málaga|ES|36.7213|-4.4214|Europe/Madrid|EUR|90|Soho,El Palo,Pedregalejo,La Malagueta
Palma|ES|39.5696|2.6502|Europe/Madrid|EUR|130|Santa Catalina,Portixol,La Lonja,Son Armadans
Paris|FR|48.8566|2.3522|Europe/Paris|EUR|150|Le Marais,Montmartre,Saint-Germain-des-Prés,Belleville,Bastille
Lyon|FR|45.7640|4.8357|Europe/Paris|EUR|90|Croix-Rousse,Vieux Lyon,Presqu'île,Confluence
Marseille|FR|43.2965|5.3698|Europe/Paris|EUR|85|Le Panier,Cours Julien,Vallon des Auffes,Endoume
Nice|FR|43.7102|7.2620|Europe/Paris|EUR|120|Vieux Nice,Cimiez,Le Port,Mont Boron
Bordeaux|FR|44.8378|-0.5792|Europe/Paris|EUR|90|Chartrons,Saint-Pierre,Bastide,Saint-Michel
Brussels|BE|50.8503|4.3517|Europe/Brussels|EUR|90|Ixelles,Saint-Gilles,Sablon,Marolles
Amsterdam|NL|52.3676|4.9041|Europe/Amsterdam|EUR|160|Jordaan,De Pijp,Oud-West,Oost,Noord
Rotterdam|NL|51.9244|4.4777|Europe/Amsterdam|EUR|90|Kralingen,Delfshaven,Kop van Zuid,Centrum
Berlin|DE|52.5200|13.4050|Europe/Berlin|EUR|95|Kreuzberg,Neukölln,Prenzlauer Berg,Mitte,Friedrichshain
Munich|DE|48.1351|11.5820|Europe/Berlin|EUR|130|Schwabing,Glockenbachviertel,Haidhausen,Maxvorstadt
Hamburg|DE|53.5511|9.9937|Europe/Berlin|EUR|110|St. Pauli,Altona,Eimsbüttel,Sternschanze
Cologne|DE|50.9375|6.9603|Europe/Berlin|EUR|95|Ehrenfeld,Belgisches Viertel,Deutz,Südstadt
Zürich|CH|47.3769|8.5417|Europe/Zurich|CHF|180|Altstadt,Seefeld,Wiedikon,Kreis 5,Oerlikon
Geneva|CH|46.2044|6.1432|Europe/Zurich|CHF|170|Carouge,Eaux-Vives,Pâquis,Plainpalais
Vienna|AT|48.2082|16.3738|Europe/Vienna|EUR|100|Leopoldstadt,Neubau,Josefstadt,Wieden
Salzburg|AT|47.8095|13.0550|Europe/Vienna|EUR|110|Altstadt,Nonntal,Mülln,Maxglan
Prague|CZ|50.0755|14.4378|Europe/Prague|CZK|2200|Malá Strana,Žižkov,Vinohrady,Karlín,Staré Město
Brno|CZ|49.1951|16.6068|Europe/Prague|CZK|1500|Veveří,Královo Pole,Žabovřesky
Kraków|PL|50.0647|19.9450|Europe/Warsaw|PLN|280|Kazimierz,Stare Miasto,Podgórze,Kleparz
Warsaw|PL|52.2297|21.0122|Europe/Warsaw|PLN|320|Śródmieście,Praga,Mokotów,Żoliborz
Gdańsk|PL|54.3520|18.6466|Europe/Warsaw|PLN|300|Główne Miasto,Wrzeszcz,Oliwa
Budapest|HU|47.4979|19.0402|Europe/Budapest|HUF|28000|Erzsébetváros,Belváros,Buda Castle,Újlipótváros
Copenhagen|DK|55.6761|12.5683|Europe/Copenhagen|DKK|1100|Nørrebro,Vesterbro,Christianshavn,Østerbro
Stockholm|SE|59.3293|18.0686|Europe/Stockholm|SEK|1300|Södermalm,Gamla Stan,Vasastan,Östermalm
Gothenburg|SE|57.7089|11.9746|Europe/Stockholm|SEK|1000|Haga,Linné,Majorna
Oslo|NO|59.9139|10.7522|Europe/Oslo|NOK|1400|Grünerløkka,Frogner,Gamle Oslo,Majorstuen
Bergen|NO|60.3913|5.3221|Europe/Oslo|NOK|1200|Bryggen,Nordnes,Sandviken
Helsinki|FI|60.1699|24.9384|Europe/Helsinki|EUR|100|Kallio,Punavuori,Töölö,Kamppi
Reykjavík|IS|64.1466|-21.9426|Atlantic/Reykjavik|ISK|22000|Miðborg,Vesturbær,Hlíðar
Dublin|IE|53.3498|-6.2603|Europe/Dublin|EUR|150|Temple Bar,Portobello,Stoneybatter,Ranelagh
Galway|IE|53.2707|-9.0568|Europe/Dublin|EUR|110|Salthill,Claddagh,Latin Quarter
London|GB|51.5072|-0.1276|Europe/London|GBP|140|Shoreditch,Camden,Notting Hill,Brixton,Soho
Edinburgh|GB|55.9533|-3.1883|Europe/London|GBP|120|Old Town,Leith,Stockbridge,New Town
Manchester|GB|53.4808|-2.2426|Europe/London|GBP|85|Northern Quarter,Ancoats,Didsbury,Chorlton
Bristol|GB|51.4545|-2.5879|Europe/London|GBP|90|Clifton,Stokes Croft,Harbourside,Bedminster
Rome|IT|41.9028|12.4964|Europe/Rome|EUR|110|Trastevere,Monti,Testaccio,Prati,Pigneto
Milan|IT|45.4642|9.1900|Europe/Rome|EUR|130|Brera,Navigli,Isola,Porta Romana
Florence|IT|43.7696|11.2558|Europe/Rome|EUR|120|Oltrarno,Santa Croce,San Frediano,Santo Spirito
Venice|IT|45.4408|12.3155|Europe/Rome|EUR|160|Cannaregio,Dorsoduro,Castello,San Polo
Naples|IT|40.8518|14.2681|Europe/Rome|EUR|80|Chiaia,Quartieri Spagnoli,Vomero,Posillipo
Bologna|IT|44.4949|11.3426|Europe/Rome|EUR|90|Santo Stefano,Bolognina,San Vitale
Palermo|IT|38.1157|13.3615|Europe/Rome|EUR|70|Kalsa,Ballarò,Vucciria,Mondello
Athens|GR|37.9838|23.7275|Europe/Athens|EUR|80|Plaka,Koukaki,Exarchia,Kolonaki,Psyrri
Thessaloniki|GR|40.6401|22.9444|Europe/Athens|EUR|65|Ladadika,Ano Poli,Kalamaria
Santorini|GR|36.3932|25.4615|Europe/Athens|EUR|220|Oia,Fira,Imerovigli,Kamari
Dubrovnik|HR|42.6507|18.0944|Europe/Zagreb|EUR|140|Stari Grad,Lapad,Ploče,Gruž
Split|HR|43.5081|16.4402|Europe/Zagreb|EUR|110|Varoš,Bačvice,Meje,Firule
Ljubljana|SI|46.0569|14.5058|Europe/Ljubljana|EUR|90|Center,Trnovo,Šiška,Bežigrad
Bucharest|RO|44.4268|26.1025|Europe/Bucharest|EUR|60|Lipscani,Cotroceni,Dorobanți,Floreasca
Sofia|BG|42.6977|23.3219|Europe/Sofia|EUR|55|Lozenets,Oborishte,Studentski Grad
Istanbul|TR|41.0082|28.9784|Europe/Istanbul|TRY|2500|Beyoğlu,Kadıköy,Beşiktaş,Balat,Cihangir
Antalya|TR|36.8969|30.7133|Europe/Istanbul|TRY|2200|Kaleiçi,Konyaaltı,Lara
Tallinn|EE|59.4370|24.7536|Europe/Tallinn|EUR|75|Kalamaja,Vanalinn,Kadriorg,Rotermann
Riga|LV|56.9496|24.1052|Europe/Riga|EUR|65|Vecrīga,Āgenskalns,Centrs
Vilnius|LT|54.6872|25.2797|Europe/Vilnius|EUR|65|Užupis,Senamiestis,Žvėrynas,Antakalnis
Marrakesh|MA|31.6295|-7.9811|Africa/Casablanca|MAD|800|Medina,Gueliz,Hivernage,Kasbah
Casablanca|MA|33.5731|-7.5898|Africa/Casablanca|MAD|700|Maarif,Gauthier,Ain Diab,Habous
Cairo|EG|30.0444|31.2357|Africa/Cairo|EGP|2500|Zamalek,Garden City,Maadi,Downtown
Cape Town|ZA|-33.9249|18.4241|Africa/Johannesburg|ZAR|1400|Bo-Kaap,Sea Point,Gardens,Camps Bay,Woodstock
Johannesburg|ZA|-26.2041|28.0473|Africa/Johannesburg|ZAR|1000|Maboneng,Melville,Rosebank,Parkhurst
Nairobi|KE|-1.2921|36.8219|Africa/Nairobi|KES|7000|Westlands,Kilimani,Karen,Lavington
Zanzibar City|TZ|-6.1659|39.2026|Africa/Dar_es_Salaam|USD|70|Stone Town,Mnazi Mmoja,Shangani
Dubai|AE|25.2048|55.2708|Asia/Dubai|AED|550|Dubai Marina,Downtown,Jumeirah,Deira,Business Bay
Abu Dhabi|AE|24.4539|54.3773|Asia/Dubai|AED|450|Corniche,Al Reem,Saadiyat
Tel Aviv|IL|32.0853|34.7818|Asia/Jerusalem|USD|180|Neve Tzedek,Florentin,Old North,Jaffa
Doha|QA|25.2854|51.5310|Asia/Qatar|USD|150|West Bay,The Pearl,Msheireb
Mumbai|IN|19.0760|72.8777|Asia/Kolkata|INR|6000|Bandra,Colaba,Juhu,Lower Parel
Delhi|IN|28.7041|77.1025|Asia/Kolkata|INR|4500|Hauz Khas,Connaught Place,Paharganj,Saket
Goa|IN|15.2993|74.1240|Asia/Kolkata|INR|5000|Anjuna,Calangute,Palolem,Panjim
Bangalore|IN|12.9716|77.5946|Asia/Kolkata|INR|4000|Indiranagar,Koramangala,Jayanagar
Jaipur|IN|26.9124|75.7873|Asia/Kolkata|INR|3500|Pink City,Bani Park,C-Scheme
Bangkok|TH|13.7563|100.5018|Asia/Bangkok|THB|1800|Sukhumvit,Silom,Ari,Thonglor,Old Town
Chiang Mai|TH|18.7883|98.9853|Asia/Bangkok|THB|1200|Nimman,Old City,Santitham
Phuket|TH|7.8804|98.3923|Asia/Bangkok|THB|2500|Patong,Kata,Rawai,Kamala
Hanoi|VN|21.0278|105.8342|Asia/Ho_Chi_Minh|VND|900000|Hoàn Kiếm,Tây Hồ,Ba Đình
Ho Chi Minh City|VN|10.8231|106.6297|Asia/Ho_Chi_Minh|VND|1000000|Quận 1,Thảo Điền,Quận 3
Hội An|VN|15.8801|108.3380|Asia/Ho_Chi_Minh|VND|800000|Ancient Town,An Bàng,Cẩm Thanh
Singapore|SG|1.3521|103.8198|Asia/Singapore|SGD|220|Tiong Bahru,Chinatown,Kampong Glam,Katong
Kuala Lumpur|MY|3.1390|101.6869|Asia/Kuala_Lumpur|MYR|250|Bukit Bintang,Bangsar,Chow Kit,Mont Kiara
Bali|ID|-8.4095|115.1889|Asia/Makassar|IDR|1200000|Canggu,Ubud,Seminyak,Uluwatu
Jakarta|ID|-6.2088|106.8456|Asia/Jakarta|IDR|900000|Menteng,Kemang,Senopati
Manila|PH|14.5995|120.9842|Asia/Manila|PHP|3500|Makati,Poblacion,Bonifacio Global City,Intramuros
Cebu|PH|10.3157|123.8854|Asia/Manila|PHP|2800|Lahug,Mactan,IT Park
Hong Kong|HK|22.3193|114.1694|Asia/Hong_Kong|HKD|1100|Sheung Wan,Wan Chai,Tsim Sha Tsui,Sai Ying Pun
Taipei|TW|25.0330|121.5654|Asia/Taipei|TWD|3200|Da'an,Xinyi,Zhongshan,Wanhua
Shanghai|CN|31.2304|121.4737|Asia/Shanghai|CNY|600|Jing'an,Xuhui,French Concession,Pudong
Beijing|CN|39.9042|116.4074|Asia/Shanghai|CNY|550|Dongcheng,Sanlitun,Houhai,Chaoyang
Seoul|KR|37.5665|126.9780|Asia/Seoul|KRW|120000|Hongdae,Itaewon,Gangnam,Bukchon,Seongsu
Busan|KR|35.1796|129.0756|Asia/Seoul|KRW|100000|Haeundae,Gwangalli,Nampo
Tokyo|JP|35.6762|139.6503|Asia/Tokyo|JPY|16000|Shibuya,Shinjuku,Asakusa,Shimokitazawa,Nakameguro
Kyoto|JP|35.0116|135.7681|Asia/Tokyo|JPY|15000|Gion,Higashiyama,Arashiyama,Nakagyō
Osaka|JP|34.6937|135.5023|Asia/Tokyo|JPY|12000|Namba,Umeda,Shinsekai,Tenma
Sapporo|JP|43.0618|141.3545|Asia/Tokyo|JPY|11000|Susukino,Maruyama,Ōdōri
Sydney|AU|-33.8688|151.2093|Australia/Sydney|AUD|220|Surry Hills,Bondi,Newtown,Manly,The Rocks
Melbourne|AU|-37.8136|144.9631|Australia/Melbourne|AUD|180|Fitzroy,St Kilda,Carlton,Collingwood,Richmond
Brisbane|AU|-27.4698|153.0251|Australia/Brisbane|AUD|160|Fortitude Valley,West End,New Farm
Perth|AU|-31.9505|115.8605|Australia/Perth|AUD|150|Fremantle,Northbridge,Cottesloe,Leederville
Hobart|AU|-42.8821|147.3272|Australia/Hobart|AUD|170|Battery Point,Sandy Bay,North Hobart
Auckland|NZ|-36.8485|174.7633|Pacific/Auckland|NZD|180|Ponsonby,Parnell,Grey Lynn,Devonport
Queenstown|NZ|-45.0312|168.6626|Pacific/Auckland|NZD|260|Fernhill,Frankton,Arthurs Point
Wellington|NZ|-41.2866|174.7756|Pacific/Auckland|NZD|150|Te Aro,Thorndon,Mount Victoria
Honolulu|US|21.3069|-157.8583|Pacific/Honolulu|USD|250|Waikīkī,Kaimukī,Mānoa,Kakaʻako
New York|US|40.7128|-74.0060|America/New_York|USD|230|Williamsburg,Harlem,SoHo,Astoria,West Village
Boston|US|42.3601|-71.0589|America/New_York|USD|210|Back Bay,Beacon Hill,South End,Jamaica Plain
Washington|US|38.9072|-77.0369|America/New_York|USD|180|Capitol Hill,Dupont Circle,Georgetown,Shaw
Philadelphia|US|39.9526|-75.1652|America/New_York|USD|150|Fishtown,Rittenhouse,Old City,Queen Village
Miami|US|25.7617|-80.1918|America/New_York|USD|220|Wynwood,Little Havana,South Beach,Coconut Grove
Atlanta|US|33.7490|-84.3880|America/New_York|USD|140|Midtown,Inman Park,Old Fourth Ward,Buckhead
Nashville|US|36.1627|-86.7816|America/Chicago|USD|190|East Nashville,The Gulch,12 South,Germantown
New Orleans|US|29.9511|-90.0715|America/Chicago|USD|170|French Quarter,Marigny,Garden District,Bywater
Chicago|US|41.8781|-87.6298|America/Chicago|USD|160|Wicker Park,Lincoln Park,Logan Square,Pilsen
Austin|US|30.2672|-97.7431|America/Chicago|USD|180|South Congress,East Austin,Zilker,Hyde Park
Denver|US|39.7392|-104.9903|America/Denver|USD|150|LoDo,Highlands,RiNo,Capitol Hill
Las Vegas|US|36.1699|-115.1398|America/Los_Angeles|USD|140|The Strip,Downtown,Summerlin
Los Angeles|US|34.0522|-118.2437|America/Los_Angeles|USD|210|Silver Lake,Venice,Echo Park,Santa Monica,Hollywood
San Diego|US|32.7157|-117.1611|America/Los_Angeles|USD|200|North Park,La Jolla,Gaslamp,Ocean Beach
San Francisco|US|37.7749|-122.4194|America/Los_Angeles|USD|230|Mission,Haight-Ashbury,North Beach,Noe Valley
Seattle|US|47.6062|-122.3321|America/Los_Angeles|USD|170|Capitol Hill,Ballard,Fremont,Queen Anne
Portland|US|45.5152|-122.6784|America/Los_Angeles|USD|140|Pearl District,Alberta,Hawthorne,Sellwood
Anchorage|US|61.2181|-149.9003|America/Anchorage|USD|160|Downtown,Midtown,Spenard
Toronto|CA|43.6532|-79.3832|America/Toronto|CAD|190|Kensington Market,Leslieville,The Annex,Queen West
Montréal|CA|45.5017|-73.5673|America/Toronto|CAD|150|Plateau-Mont-Royal,Mile End,Vieux-Montréal,Griffintown
Québec|CA|46.8139|-71.2080|America/Toronto|CAD|140|Vieux-Québec,Saint-Roch,Limoilou
Vancouver|CA|49.2827|-123.1207|America/Vancouver|CAD|210|Gastown,Kitsilano,Mount Pleasant,Yaletown
Banff|CA|51.1784|-115.5708|America/Edmonton|CAD|280|Downtown Banff,Tunnel Mountain
México|MX|19.4326|-99.1332|America/Mexico_City|MXN|1400|Roma Norte,Condesa,Coyoacán,Polanco,Juárez
Guadalajara|MX|20.6597|-103.3496|America/Mexico_City|MXN|1000|Americana,Chapultepec,Tlaquepaque
Oaxaca|MX|17.0732|-96.7266|America/Mexico_City|MXN|1100|Jalatlaco,Centro,Xochimilco
Tulum|MX|20.2114|-87.4654|America/Cancun|MXN|2500|Aldea Zamá,La Veleta,Tulum Pueblo
Cancún|MX|21.1619|-86.8515|America/Cancun|MXN|2200|Zona Hotelera,Puerto Cancún,Centro
Havana|CU|23.1136|-82.3666|America/Havana|USD|60|Habana Vieja,Vedado,Centro Habana
San Juan|PR|18.4655|-66.1057|America/Puerto_Rico|USD|170|Old San Juan,Condado,Santurce,Ocean Park
San José|CR|9.9281|-84.0907|America/Costa_Rica|USD|80|Escazú,Barrio Amón,Los Yoses
Cartagena|CO|10.3910|-75.4794|America/Bogota|COP|350000|Getsemaní,Bocagrande,Ciudad Amurallada
Medellín|CO|6.2442|-75.5812|America/Bogota|COP|220000|El Poblado,Laureles,Envigado
Bogotá|CO|4.7110|-74.0721|America/Bogota|COP|200000|Chapinero,La Candelaria,Usaquén
Quito|EC|-0.1807|-78.4678|America/Guayaquil|USD|60|La Mariscal,Centro Histórico,La Floresta
Lima|PE|-12.0464|-77.0428|America/Lima|PEN|250|Miraflores,Barranco,San Isidro
Cusco|PE|-13.5319|-71.9675|America/Lima|PEN|220|San Blas,Centro Histórico,San Cristóbal
La Paz|BO|-16.4897|-68.1193|America/La_Paz|USD|45|Sopocachi,San Miguel,Centro
Santiago|CL|-33.4489|-70.6693|America/Santiago|CLP|65000|Lastarria,Bellavista,Providencia,Barrio Italia
Valparaíso|CL|-33.0472|-71.6127|America/Santiago|CLP|50000|Cerro Alegre,Cerro Concepción,Playa Ancha
Buenos Aires|AR|-34.6037|-58.3816|America/Argentina/Buenos_Aires|USD|70|Palermo,San Telmo,Recoleta,Belgrano
Mendoza|AR|-32.8895|-68.8458|America/Argentina/Mendoza|USD|60|Chacras de Coria,Quinta Sección,Centro
Montevideo|UY|-34.9011|-56.1645|America/Montevideo|USD|80|Pocitos,Ciudad Vieja,Punta Carretas
São Paulo|BR|-23.5505|-46.6333|America/Sao_Paulo|BRL|300|Pinheiros,Vila Madalena,Jardins,Moema,Liberdade
Rio de Janeiro|BR|-22.9068|-43.1729|America/Sao_Paulo|BRL|350|Copacabana,Ipanema,Santa Teresa,Leblon,Botafogo
Salvador|BR|-12.9777|-38.5016|America/Bahia|BRL|250|Pelourinho,Barra,Rio Vermelho
Florianópolis|BR|-27.5954|-48.5480|America/Sao_Paulo|BRL|320|Lagoa da Conceição,Jurerê,Campeche
"""

CITIES: list[City] = []
for _line in _RAW.strip().splitlines():
    _name, _cc, _lat, _lon, _tz, _cur, _price, _nbs = _line.split("|")
    CITIES.append(City(_name, _cc, float(_lat), float(_lon), _tz, _cur, int(_price), tuple(_nbs.split(","))))

# The main language of each country, for hosts' languages.
LANGUAGES = {
    "PT": "pt", "BR": "pt", "ES": "es", "MX": "es", "CO": "es", "PE": "es", "CL": "es", "AR": "es",
    "UY": "es", "EC": "es", "BO": "es", "CU": "es", "CR": "es", "PR": "es", "FR": "fr", "BE": "fr",
    "CH": "de", "DE": "de", "AT": "de", "NL": "nl", "IT": "it", "GR": "el", "HR": "hr", "SI": "sl",
    "RO": "ro", "BG": "bg", "TR": "tr", "PL": "pl", "CZ": "cs", "HU": "hu", "DK": "da", "SE": "sv",
    "NO": "no", "FI": "fi", "IS": "is", "EE": "et", "LV": "lv", "LT": "lt", "MA": "ar", "EG": "ar",
    "AE": "ar", "QA": "ar", "IL": "he", "IN": "hi", "TH": "th", "VN": "vi", "SG": "en", "MY": "ms",
    "ID": "id", "PH": "tl", "HK": "zh", "TW": "zh", "CN": "zh", "KR": "ko", "JP": "ja", "KE": "sw",
    "TZ": "sw", "ZA": "en",
}  # fmt: skip
