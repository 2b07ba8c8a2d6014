"""Name pools for synthetic people and invented place names for synthetic organisations.

People's names are drawn from pools matched loosely to their recorded ethnic group, so that a
name list of a synthetic ward looks like a real one. Organisation names are built from invented
place names (``Kestrelford``, ``Brackenmere``) so that nobody mistakes a synthetic trust for a
real one.
"""

from __future__ import annotations

from typing import Final

# (female first names, male first names, surnames) per pool.
NamePool = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _names(text: str) -> tuple[str, ...]:
    """A comma-separated list (kept as text so the tables stay compact)."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


_BRITISH: Final[NamePool] = (
    _names(
        "Olivia, Emma, Sophie, Charlotte, Emily, Jessica, Hannah, Lucy, Amy, Laura, Rebecca, "
        "Sarah, Rachel, Claire, Helen, Joanne, Nicola, Karen, Susan, Julie, Lisa, Michelle, "
        "Kelly, Gemma, Katie, Lauren, Chloe, Megan, Ellie, Grace, Amelia, Isla, Poppy, Freya, "
        "Alice, Ruth, Carol, Janet, Margaret, Deborah, Alison, Fiona, Louise, Victoria, "
        "Natalie, Hayley, Jennifer, Kathryn, Elizabeth, Anne, Jane, Caroline, Zoe, Beth, "
        "Holly, Abigail, Georgia, Eleanor, Tracey, Dawn"
    ),
    _names(
        "Oliver, Jack, Harry, George, Thomas, James, William, Daniel, Matthew, Samuel, "
        "Joseph, Benjamin, Luke, Adam, Ryan, Liam, Jamie, Callum, Lewis, Connor, David, Paul, "
        "Mark, Andrew, Richard, Stephen, Peter, Michael, Christopher, Robert, John, Simon, "
        "Ian, Gary, Neil, Martin, Philip, Graham, Alan, Kevin, Jonathan, Nicholas, Edward, "
        "Alexander, Charlie, Alfie, Noah, Leo, Arthur, Henry, Craig, Stuart, Dean, Lee"
    ),
    _names(
        "Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, "
        "Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Hughes, "
        "Edwards, Turner, Hill, Moore, Cooper, Harris, Ward, Martin, Lewis, Baker, Morris, "
        "Clark, King, Lee, Harrison, Morgan, Allen, James, Scott, Phillips, Watson, Davis, "
        "Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly, Cook, Carter, Richardson, "
        "Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Khan, Marshall, "
        "Anderson, Simpson, Ellis, Adams, Singh, Begum, Wilkinson, Foster, Chapman, Powell, "
        "Webb, Rogers, Gray, Mason, Ali, Hunt, Hussain, Campbell, Matthews, Owen, Palmer, "
        "Holmes, Mills, Barnes, Knight, Lloyd, Butler, Russell, Barker, Fisher, Stevens, "
        "Jenkins, Dixon, Fletcher, Howard, Pearson, Gibson, Gordon, Hawkins, Fox, Burton, "
        "Sutton, Holt"
    ),
)

_EUROPEAN: Final[NamePool] = (
    _names(
        "Anna, Maria, Katarzyna, Agnieszka, Joanna, Ana, Ioana, Elena, Sofia, Giulia, "
        "Francesca, Marta, Inês, Beatriz, Carmen, Laura, Eva, Monika, Andreea, Ewa, Lucía, "
        "Chiara, Aoife, Siobhan, Niamh"
    ),
    _names(
        "Piotr, Tomasz, Krzysztof, Marco, Luca, Giorgio, João, Pedro, Miguel, Javier, Pablo, "
        "Andrei, Mihai, Stefan, Nikolaos, Dimitrios, Lukas, Mateusz, Sean, Ciaran, Declan, "
        "Antonio, Carlos, Rui, Paulo"
    ),
    _names(
        "Kowalski, Nowak, Wiśniewska, Rossi, Russo, Bianchi, Silva, Santos, Ferreira, "
        "Pereira, García, Fernández, López, Martínez, Popescu, Ionescu, Papadopoulos, "
        "Georgiou, Müller, Schmidt, Murphy, O'Brien, Byrne, Ryan, O'Connor, Walsh, Costa, "
        "Oliveira, Horvat, Novak"
    ),
)

_SOUTH_ASIAN: Final[NamePool] = (
    _names(
        "Priya, Anjali, Sunita, Aisha, Fatima, Nadia, Ayesha, Zara, Sana, Amira, Deepa, "
        "Kavita, Meera, Nisha, Pooja, Shreya, Divya, Rukhsana, Shabana, Farah, Saima, Noor, "
        "Harpreet, Jaspreet, Simran, Anika, Ritu, Lakshmi"
    ),
    _names(
        "Mohammed, Muhammad, Ahmed, Imran, Asif, Tariq, Arjun, Rahul, Sanjay, Vikram, Raj, "
        "Amit, Anil, Suresh, Rohit, Kiran, Harjit, Gurpreet, Manpreet, Hassan, Bilal, Usman, "
        "Zain, Faisal, Naveen, Prakash, Ravi"
    ),
    _names(
        "Patel, Shah, Khan, Ahmed, Ali, Hussain, Begum, Akhtar, Iqbal, Malik, Rahman, Islam, "
        "Uddin, Chowdhury, Miah, Sharma, Gupta, Kumar, Singh, Kaur, Gill, Sandhu, Mehta, "
        "Joshi, Desai, Rao, Reddy, Nair, Pillai, Menon, Bhatt, Choudhury, Qureshi, Siddiqui, "
        "Mahmood, Aziz, Raza"
    ),
)

_FILIPINO: Final[NamePool] = (
    _names(
        "Maria, Rosalie, Marites, Jocelyn, Cristina, Lorna, Analyn, Rowena, Maricel, "
        "Jennifer, Joy, Grace, Princess, Kristine, Angelica, Lovely"
    ),
    _names(
        "Jose, Juan, Mark, Jerome, Rommel, Reynaldo, Joel, Ramon, Arnel, Christian, Rodel, "
        "Jayson, Edgar, Nestor"
    ),
    _names(
        "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Torres, Villanueva, Ramos, "
        "Aquino, Castillo, Dela Cruz, Fernandez, Navarro, Pascual, Salazar, Soriano, "
        "Tolentino, Manalo"
    ),
)

_AFRICAN: Final[NamePool] = (
    _names(
        "Chioma, Ngozi, Adaeze, Funmilayo, Abimbola, Blessing, Grace, Esther, Folake, "
        "Yetunde, Amara, Nneka, Ama, Akosua, Abena, Tendai, Rutendo, Chipo, Wanjiru, Faith, "
        "Precious, Comfort, Patience, Mercy"
    ),
    _names(
        "Chinedu, Emeka, Oluwaseun, Adebayo, Tunde, Kwame, Kofi, Kwabena, Yaw, Tendai, "
        "Tatenda, Farai, Samuel, Emmanuel, Daniel, Joseph, Segun, Ikechukwu, Obinna, "
        "Babajide, Kelechi, Mandla"
    ),
    _names(
        "Okafor, Okonkwo, Adeyemi, Adebayo, Oluwole, Eze, Nwosu, Obi, Mensah, Owusu, Boateng, "
        "Asante, Osei, Appiah, Moyo, Ncube, Dube, Chikwanha, Mwangi, Kamau, Ogunleye, "
        "Afolabi, Balogun, Adeleke, Okoro, Nkemelu"
    ),
)

_CARIBBEAN: Final[NamePool] = (
    _names(
        "Marcia, Sharon, Beverley, Andrea, Simone, Tanya, Natasha, Kerry-Ann, Shanice, Jade, "
        "Leanne, Yvonne, Paulette, Donna, Maxine, Jasmine"
    ),
    _names(
        "Delroy, Winston, Leroy, Marlon, Trevor, Clive, Errol, Dwayne, Jermaine, Andre, "
        "Tyrone, Kemar, Junior, Nathan, Marcus, Curtis"
    ),
    _names(
        "Campbell, Brown, Williams, Thomas, Francis, Grant, Morgan, Edwards, Henry, Reid, "
        "Stewart, Gordon, Samuels, McKenzie, Bailey, Johnson, Clarke, Forbes, Lawrence, "
        "Richards"
    ),
)

_EAST_ASIAN: Final[NamePool] = (
    _names("Mei, Li, Xin, Ying, Hui, Wen, Jing, Yan, Lan, Min, Ling, Hoi, Yuki, Aiko, Thuy, Linh"),
    _names("Wei, Jun, Hao, Jian, Ming, Chen, Kai, Lei, Bo, Tao, Hiro, Minh"),
    _names(
        "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Chan, Wong, Lam, Cheung, "
        "Ng, Tan, Lim, Nguyen, Tran, Tanaka"
    ),
)

_MIDDLE_EASTERN: Final[NamePool] = (
    _names("Leila, Yasmin, Mariam, Rania, Hala, Dina, Shirin, Nour, Samira, Zeynep, Elif, Parisa"),
    _names("Omar, Ali, Karim, Youssef, Hamid, Reza, Amir, Mehmet, Emre, Sami, Tariq, Nabil"),
    _names(
        "Haddad, Khalil, Nasser, Hosseini, Ahmadi, Rezaei, Yilmaz, Demir, Kaya, Saleh, "
        "Mansour, Aziz, Darwish, Hamdan"
    ),
)

NAME_POOLS: Final[tuple[NamePool, ...]] = (
    _BRITISH,
    _EUROPEAN,
    _SOUTH_ASIAN,
    _FILIPINO,
    _AFRICAN,
    _CARIBBEAN,
    _EAST_ASIAN,
    _MIDDLE_EASTERN,
)
POOL_BRITISH: Final = 0
POOL_EUROPEAN: Final = 1
POOL_SOUTH_ASIAN: Final = 2
POOL_FILIPINO: Final = 3
POOL_AFRICAN: Final = 4
POOL_CARIBBEAN: Final = 5
POOL_EAST_ASIAN: Final = 6
POOL_MIDDLE_EASTERN: Final = 7

# Invented place-name parts. Combinations are checked in tests to be unique within a nation.
PLACE_STEMS: Final[tuple[str, ...]] = _names(
    "Bracken, Kestrel, Heron, Lark, Plover, Wren, Otter, Bramble, Thistle, Sorrel, Alder, "
    "Hazel, Rowan, Willow, Juniper, Linnet, Marten, Teasel, Yarrow, Cobble, Amber, "
    "Saffron, Ember, Falcon, Badger, Curlew, Merlin, Osprey, Pennant, Quarry, Redwing, "
    "Starling, Tansy, Umber, Vetch, Whin, Bittern, Corran, Dunnock, Egret, Fennel, Gorse, "
    "Harrier, Ivy, Kingfisher, Lapwing, Mallow, Nettle, Oriel, Primrose, Quill, Ravel, "
    "Sedge, Tern"
)
PLACE_ENDINGS: Final[tuple[str, ...]] = _names(
    "ford, mere, dale, wick, holme, stead, brook, combe, vale, moor, bury, haven, field, "
    "thorpe, ley, shaw"
)
# A fixed list for the 42 synthetic integrated care boards, so that ICB names do not depend on
# the seed (a demo trust's ICB should keep its name whichever seed built the trust).
ICB_PLACES: Final[tuple[str, ...]] = _names(
    "Northgate and Eastmere, Riverside Central, Kestrelford and Vale, Brackenmere, "
    "Westholme, Harrowdale and Fenwick, Otterbrook, Larkstead, Thistlecombe, Alder "
    "Valley, Hazelmoor, Rowanbury, Willowhaven, Juniperfield, Linnet Coast, Martenthorpe, "
    "Teaselley, Yarrowshaw, Cobbleford and Dunmere, Ambervale, Saffron Downs, Emberwick, "
    "Falconmoor, Badgerholme, Curlew Estuary, Merlinstead, Ospreydale, Pennant Hills, "
    "Quarrybrook, Redwing and Sedgemoor, Starlingbury, Tansyfield, Umberleigh, "
    "Vetchcombe, Whinmoor, Bitternhaven, Corranford, Dunnock Valley, Egretmere, "
    "Fennelwick, Gorsethorpe, Harrier Heath"
)
