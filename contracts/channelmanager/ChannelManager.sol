// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The Groth16 verifier gnark exports for the ByteCount key set
/// (`bwproof keys solidity`). It reverts on an invalid proof and returns
/// nothing on success.
interface IByteCountVerifier {
    function verifyProof(bytes calldata proof, uint256[3] calldata input) external view;
}

/// The Groth16 verifier gnark exports for a Batch key set has the same
/// function with K inputs, verifyProof(bytes, uint256[K]): its selector
/// depends on K, so ChannelManager calls it by a selector computed at
/// construction.

/// @title bwproof payment channels
/// @notice One-way channels from a client to a miner. The miner withdraws
/// with the client's latest EIP-712 voucher and a Groth16 proof that the
/// client signed a receipt for the voucher's byte count at the voucher's
/// nonce in this channel. The client can close; during the challenge period
/// a newer voucher still wins. A peer may name an Owner that receives its
/// income as a miner and may fund channels for it as a client.
/// @dev withdraw is the hot path: it reads four storage slots and writes
/// one. The payee is therefore stored in the channel (fixed at open from
/// ownerOf, re-read by refreshPayee) instead of looked up on every call.
/// withdrawBatch settles up to batchSlots channels of one payee with one
/// proof whose public inputs are one word per channel (see setBatchTag).
contract ChannelManager {
    // ---------------------------------------------------------------- types

    enum State {
        None,
        Open,
        Closing,
        Closed
    }

    /// Storage layout is chosen for withdraw: it reads slots 0 to 3 and
    /// writes only slot 2.
    struct Channel {
        // slot 0
        address client; // signs vouchers
        State state;
        uint64 closesAt; // end of the challenge period while Closing
        // slot 1
        address payee; // receives the miner's income: its Owner or itself
        uint96 pricePerByte; // wei
        // slot 2
        uint64 nonce; // last settled voucher nonce
        uint96 withdrawn; // paid to the payee so far
        uint96 deposit; // total locked by the funder
        // slot 3
        uint256 clientProofKeyHash; // 3rd public input of the proof
        // slot 4
        address funder; // paid the deposit; receives the remainder
        uint64 challengePeriod; // seconds
        // slot 5
        address miner;
    }

    // ------------------------------------------------------------ constants

    /// BN254 scalar field modulus: every public input must be below it.
    uint256 internal constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;
    /// secp256k1 n / 2: signatures with a larger s are malleable.
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
    /// Width of a batch tag: a tag and 128 bits of counters fill one public
    /// input below R (circuits.TagBits).
    uint256 internal constant TAG_BITS = 125;
    /// Upper bound on a batch key set's slot count (circuits.MaxBatchSlots).
    uint256 public constant MAX_BATCH_SLOTS = 256;
    /// Upper bound on a challenge period (keeps closesAt far from overflow).
    uint64 public constant MAX_CHALLENGE_PERIOD = 365 days;

    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant VOUCHER_TYPEHASH =
        keccak256("Voucher(uint256 channelId,uint64 nonce,uint256 cumulativeAmount,uint64 cumulativeBytes)");
    bytes32 internal constant NAME_HASH = keccak256("bwproof");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    // ---------------------------------------------------------------- state

    /// The Groth16 verifier for the project's key set.
    IByteCountVerifier public immutable verifier;
    /// The Groth16 verifier for the batch key set; zero: no batch settlement.
    address public immutable batchVerifier;
    /// K, the batch key set's slot count: the most channels one
    /// withdrawBatch settles.
    uint256 public immutable batchSlots;
    /// verifyProof(bytes,uint256[K]) of batchVerifier.
    bytes4 internal immutable batchSelector;

    uint256 private immutable cachedChainId;
    bytes32 private immutable cachedDomainSeparator;

    mapping(uint256 channelId => Channel) private channels;
    /// The Owner a peer named: it receives the peer's income as a miner
    /// (on channels opened, or refreshed, after it was named) and may fund
    /// channels for it as a client. Zero: none.
    mapping(address peer => address owner) public ownerOf;
    /// A channel's batch tag, H_batch(channel id, client proof key hash) mod
    /// 2^125, registered once by its client or funder (setBatchTag). The
    /// contract cannot compute the circuit's hash; it does not need to: a
    /// wrong tag only makes the channel unprovable in a batch, and the miner
    /// checks it before batching (single withdraw never reads it).
    mapping(uint256 channelId => uint256 tag) public batchTagOf;
    /// Channels opened so far; part of every channel id.
    uint256 public channelCount;

    bool private transient locked;

    // --------------------------------------------------------------- events

    event ChannelOpened(
        uint256 indexed channelId,
        address indexed client,
        address indexed miner,
        address funder,
        address payee,
        uint256 clientProofKeyHash,
        uint96 pricePerByte,
        uint64 challengePeriod,
        uint256 deposit
    );
    event ToppedUp(uint256 indexed channelId, uint256 amount, uint256 deposit);
    /// The payee received cumulativeAmount minus the previous one.
    event Withdrawn(uint256 indexed channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes);
    event PayeeChanged(uint256 indexed channelId, address indexed payee);
    event CloseStarted(uint256 indexed channelId, address indexed by, uint64 closesAt);
    event ChannelClosed(uint256 indexed channelId, address indexed by, uint256 minerTotal, uint256 refund);
    event OwnerSet(address indexed peer, address indexed owner);
    event BatchTagSet(uint256 indexed channelId, uint256 tag);
    /// One withdrawBatch paid payee amount for channels channels (each also
    /// has its Withdrawn event).
    event BatchWithdrawn(address indexed payee, uint256 channels, uint256 amount);

    // --------------------------------------------------------------- errors

    error VerifierHasNoCode(address verifier);
    error UnknownChannel(uint256 channelId);
    error WrongState(uint256 channelId, State state);
    error Unauthorized(address caller);
    error NotOwnerOf(address peer, address caller);
    error ZeroAddress();
    error ZeroPrice();
    error BadChallengePeriod(uint64 challengePeriod);
    error KeyHashNotInField(uint256 keyHash);
    error DepositTooLarge(uint256 deposit);
    error ChannelIdTaken(uint256 channelId);
    error ChallengePeriodOver(uint64 closesAt);
    error ChallengePeriodActive(uint64 closesAt);
    error StaleNonce(uint64 nonce, uint64 settled);
    error AmountExceedsDeposit(uint256 cumulativeAmount, uint256 deposit);
    error AmountExceedsBytes(uint256 cumulativeAmount, uint256 maxAmount);
    error AmountBelowWithdrawn(uint256 cumulativeAmount, uint256 withdrawn);
    error BadSignatureLength(uint256 length);
    error MalleableSignature();
    error BadSignatureV(uint8 v);
    error WrongSigner(address signer, address client);
    error InvalidProof(bytes reason);
    error TransferFailed(address to, uint256 amount);
    error Reentrancy();
    error BadBatchSlots(uint256 slots);
    error BatchDisabled();
    error BadBatchSize(uint256 channels, uint256 slots);
    error BadBatchTag(uint256 tag);
    error BatchTagAlreadySet(uint256 channelId, uint256 tag);
    error NoBatchTag(uint256 channelId);
    error PayeeMismatch(uint256 channelId, address payee, address batchPayee);

    // ------------------------------------------------------------ modifiers

    modifier nonReentrant() {
        if (locked) revert Reentrancy();
        locked = true;
        _;
        locked = false;
    }

    /// @param batchVerifier_ the Batch key set's verifier, or zero for none
    /// @param batchSlots_ its K (zero when batchVerifier_ is zero)
    constructor(IByteCountVerifier verifier_, address batchVerifier_, uint256 batchSlots_) {
        if (address(verifier_).code.length == 0) revert VerifierHasNoCode(address(verifier_));
        verifier = verifier_;
        if (batchVerifier_ != address(0)) {
            if (batchVerifier_.code.length == 0) revert VerifierHasNoCode(batchVerifier_);
            if (batchSlots_ == 0 || batchSlots_ > MAX_BATCH_SLOTS) revert BadBatchSlots(batchSlots_);
            batchSelector = bytes4(keccak256(abi.encodePacked("verifyProof(bytes,uint256[", _decimal(batchSlots_), "])")));
        } else if (batchSlots_ != 0) {
            revert BadBatchSlots(batchSlots_);
        }
        batchVerifier = batchVerifier_;
        batchSlots = batchSlots_;
        cachedChainId = block.chainid;
        cachedDomainSeparator = _domainSeparator();
    }

    // ------------------------------------------------------------ open/fund

    /// Opens a channel from msg.sender (client and funder) to miner.
    /// @return channelId below the BN254 scalar modulus.
    function open(address miner, uint256 clientProofKeyHash, uint96 pricePerByte, uint64 challengePeriod)
        external
        payable
        nonReentrant
        returns (uint256 channelId)
    {
        return _open(msg.sender, msg.sender, miner, clientProofKeyHash, pricePerByte, challengePeriod);
    }

    /// Opens a channel for client, paid by msg.sender, which must be the
    /// Owner client named. The remainder goes back to the Owner.
    function openFor(
        address client,
        address miner,
        uint256 clientProofKeyHash,
        uint96 pricePerByte,
        uint64 challengePeriod
    ) external payable nonReentrant returns (uint256 channelId) {
        if (ownerOf[client] != msg.sender) revert NotOwnerOf(client, msg.sender);
        return _open(client, msg.sender, miner, clientProofKeyHash, pricePerByte, challengePeriod);
    }

    /// The id the next channel between client and miner will get.
    function nextChannelId(address client, address miner) external view returns (uint256) {
        return _channelId(client, miner, channelCount + 1);
    }

    function _channelId(address client, address miner, uint256 counter) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), client, miner, counter))) % R;
    }

    function _open(
        address client,
        address funder,
        address miner,
        uint256 keyHash,
        uint96 pricePerByte,
        uint64 challengePeriod
    ) internal returns (uint256 channelId) {
        if (client == address(0) || miner == address(0)) revert ZeroAddress();
        if (keyHash >= R) revert KeyHashNotInField(keyHash);
        if (pricePerByte == 0) revert ZeroPrice();
        if (challengePeriod == 0 || challengePeriod > MAX_CHALLENGE_PERIOD) {
            revert BadChallengePeriod(challengePeriod);
        }
        if (msg.value > type(uint96).max) revert DepositTooLarge(msg.value);
        uint256 counter = ++channelCount;
        channelId = _channelId(client, miner, counter);
        Channel storage ch = channels[channelId];
        // A collision of keccak256 mod R is not expected; refuse it anyway.
        if (ch.state != State.None) revert ChannelIdTaken(channelId);
        address payee = _payeeOf(miner);
        ch.client = client;
        ch.state = State.Open;
        ch.payee = payee;
        ch.pricePerByte = pricePerByte;
        ch.deposit = uint96(msg.value);
        ch.clientProofKeyHash = keyHash;
        ch.funder = funder;
        ch.challengePeriod = challengePeriod;
        ch.miner = miner;
        emit ChannelOpened(
            channelId, client, miner, funder, payee, keyHash, pricePerByte, challengePeriod, msg.value
        );
    }

    /// Adds msg.value to an open channel's deposit. Only the funder may top
    /// up, since the remainder returns to it.
    function topUp(uint256 channelId) external payable nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.funder) revert Unauthorized(msg.sender);
        uint256 deposit = uint256(ch.deposit) + msg.value;
        if (deposit > type(uint96).max) revert DepositTooLarge(deposit);
        ch.deposit = uint96(deposit);
        emit ToppedUp(channelId, msg.value, deposit);
    }

    /// Names the Owner that receives msg.sender's income and may fund its
    /// channels. Zero clears it. Channels already open keep their payee
    /// until refreshPayee.
    function setOwner(address owner) external nonReentrant {
        ownerOf[msg.sender] = owner;
        emit OwnerSet(msg.sender, owner);
    }

    /// Re-reads the channel's payee from the miner's current Owner. Anyone
    /// may call it: it can only follow the miner's own choice.
    function refreshPayee(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state == State.Closed) revert WrongState(channelId, ch.state);
        address payee = _payeeOf(ch.miner);
        ch.payee = payee;
        emit PayeeChanged(channelId, payee);
    }

    function _payeeOf(address miner) internal view returns (address) {
        address owner = ownerOf[miner];
        return owner == address(0) ? miner : owner;
    }

    // ------------------------------------------------------------- withdraw

    /// Settles the client's voucher for (nonce, cumulativeAmount,
    /// cumulativeBytes) with a proof for (channelId, nonce, cumulativeBytes,
    /// clientProofKeyHash) and pays the channel's payee the difference to
    /// what was withdrawn before, while the channel is open or within the
    /// challenge period. Anyone may submit (usually the miner or its Owner):
    /// the voucher and the proof decide, and the money only goes to the
    /// payee.
    function withdraw(
        uint256 channelId,
        uint64 nonce,
        uint256 cumulativeAmount,
        uint64 cumulativeBytes,
        bytes calldata clientSig,
        bytes calldata proof
    ) external nonReentrant {
        Channel storage ch = channels[channelId];
        State state = ch.state;
        if (state != State.Open) {
            if (state == State.None) revert UnknownChannel(channelId);
            if (state != State.Closing) revert WrongState(channelId, state);
            if (block.timestamp >= ch.closesAt) revert ChallengePeriodOver(ch.closesAt);
        }
        uint64 settled = ch.nonce;
        if (nonce <= settled) revert StaleNonce(nonce, settled);
        uint256 deposit = ch.deposit;
        if (cumulativeAmount > deposit) revert AmountExceedsDeposit(cumulativeAmount, deposit);
        uint256 maxAmount = uint256(cumulativeBytes) * ch.pricePerByte;
        if (cumulativeAmount > maxAmount) revert AmountExceedsBytes(cumulativeAmount, maxAmount);
        uint256 withdrawn = ch.withdrawn;
        if (cumulativeAmount < withdrawn) revert AmountBelowWithdrawn(cumulativeAmount, withdrawn);

        _checkSigner(ch.client, voucherDigest(channelId, nonce, cumulativeAmount, cumulativeBytes), clientSig);
        // Public inputs: channel id, the counters packed as nonce·2^64 + bytes
        // (one input fewer than unpacked: one ecMul + ecAdd less), key hash.
        _checkProof(proof, [channelId, (uint256(nonce) << 64) | uint256(cumulativeBytes), ch.clientProofKeyHash]);

        // Effects: cumulativeAmount <= deposit < 2^96.
        ch.nonce = nonce;
        ch.withdrawn = uint96(cumulativeAmount);
        emit Withdrawn(channelId, nonce, cumulativeAmount, cumulativeBytes);

        // Interaction.
        if (cumulativeAmount > withdrawn) _pay(ch.payee, cumulativeAmount - withdrawn);
    }

    // ---------------------------------------------------------------- batch

    /// One channel of a withdrawBatch: its id and the counters of the
    /// receipt the proof shows, nonce·2^64 + cumulativeBytes (the low half
    /// of the slot's public input).
    struct Settlement {
        uint256 channelId;
        uint128 counters;
    }

    /// Registers the channel's batch tag (see batchTagOf). Only the client
    /// or the funder, once, while the channel is open. Registering it is the
    /// client's consent to batch settlement: a receipt the client signed
    /// for this channel (at a nonce, for cumulative bytes) then pays
    /// bytes x pricePerByte without a voucher, which is exactly the amount
    /// of the voucher the client signs with every receipt (protocol's
    /// SignStep and CheckVoucher).
    function setBatchTag(uint256 channelId, uint256 tag) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.client && msg.sender != ch.funder) revert Unauthorized(msg.sender);
        if (tag == 0 || tag >> TAG_BITS != 0) revert BadBatchTag(tag);
        uint256 old = batchTagOf[channelId];
        if (old != 0) revert BatchTagAlreadySet(channelId, old);
        batchTagOf[channelId] = tag;
        emit BatchTagSet(channelId, tag);
    }

    /// Settles up to batchSlots channels with one Batch proof: slot i of
    /// the proof shows the client's receipt for settlement i (channel,
    /// nonce, cumulative bytes) under the key the client committed at open
    /// (through the registered tag); slots past the last settlement are
    /// padding with input 0. Every channel passes withdraw's checks (state
    /// and challenge period, nonce order, amount <= deposit, amount >=
    /// withdrawn) with amount = bytes x price (so amount <= price x bytes
    /// holds by construction) and the receipt, proven inside the batch
    /// proof, in place of the voucher's ecrecover. All channels must pay the
    /// same payee, which receives the sum in one transfer. Atomic: one bad
    /// channel reverts the batch; the submitter simulates first (the proof
    /// covers every slot, so a skipped slot would still need its input).
    function withdrawBatch(Settlement[] calldata batch, bytes calldata proof) external nonReentrant {
        if (batchVerifier == address(0)) revert BatchDisabled();
        uint256 n = batch.length;
        uint256 k = batchSlots;
        if (n == 0 || n > k) revert BadBatchSize(n, k);
        uint256[] memory inputs = new uint256[](k);
        address payee;
        uint256 total;
        for (uint256 i; i < n; ++i) {
            uint256 channelId = batch[i].channelId;
            uint128 counters = batch[i].counters;
            Channel storage ch = channels[channelId];
            State state = ch.state;
            if (state != State.Open) {
                if (state == State.None) revert UnknownChannel(channelId);
                if (state != State.Closing) revert WrongState(channelId, state);
                if (block.timestamp >= ch.closesAt) revert ChallengePeriodOver(ch.closesAt);
            }
            uint64 nonce = uint64(counters >> 64);
            uint64 cumulativeBytes = uint64(counters);
            uint64 settled = ch.nonce;
            if (nonce <= settled) revert StaleNonce(nonce, settled);
            uint256 cumulativeAmount = uint256(cumulativeBytes) * ch.pricePerByte;
            uint256 deposit = ch.deposit;
            if (cumulativeAmount > deposit) revert AmountExceedsDeposit(cumulativeAmount, deposit);
            uint256 withdrawn = ch.withdrawn;
            if (cumulativeAmount < withdrawn) revert AmountBelowWithdrawn(cumulativeAmount, withdrawn);
            address chPayee = ch.payee;
            if (i == 0) payee = chPayee;
            else if (chPayee != payee) revert PayeeMismatch(channelId, chPayee, payee);
            uint256 tag = batchTagOf[channelId];
            if (tag == 0) revert NoBatchTag(channelId);

            // Slot input: tag·2^128 + nonce·2^64 + bytes (< 2^253 < R).
            inputs[i] = (tag << 128) | counters;

            // Effects: cumulativeAmount <= deposit < 2^96. A channel named
            // twice meets its own new nonce (StaleNonce) or a proof that
            // refuses two slots of one channel.
            ch.nonce = nonce;
            ch.withdrawn = uint96(cumulativeAmount);
            emit Withdrawn(channelId, nonce, cumulativeAmount, cumulativeBytes);
            total += cumulativeAmount - withdrawn;
        }
        _checkBatchProof(proof, inputs);
        emit BatchWithdrawn(payee, n, total);

        // Interaction: one transfer for the whole batch.
        if (total > 0) _pay(payee, total);
    }

    // ---------------------------------------------------------------- close

    /// Starts the challenge period. Called by the client or the funder.
    function startClose(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open) revert WrongState(channelId, ch.state);
        if (msg.sender != ch.client && msg.sender != ch.funder) revert Unauthorized(msg.sender);
        uint64 closesAt = uint64(block.timestamp) + ch.challengePeriod;
        ch.state = State.Closing;
        ch.closesAt = closesAt;
        emit CloseStarted(channelId, msg.sender, closesAt);
    }

    /// After the challenge period, closes the channel and pays the funder
    /// the remainder. Anyone may call it: the money can only go one way.
    function finalize(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Closing) revert WrongState(channelId, ch.state);
        if (block.timestamp < ch.closesAt) revert ChallengePeriodActive(ch.closesAt);
        _close(channelId, ch);
    }

    /// Cooperative close by the miner (or its Owner): at once, forfeiting
    /// anything not yet withdrawn; the remainder goes to the funder.
    function cooperativeClose(uint256 channelId) external nonReentrant {
        Channel storage ch = _get(channelId);
        if (ch.state != State.Open && ch.state != State.Closing) revert WrongState(channelId, ch.state);
        address miner = ch.miner;
        if (msg.sender != miner && msg.sender != ownerOf[miner]) revert Unauthorized(msg.sender);
        _close(channelId, ch);
    }

    function _close(uint256 channelId, Channel storage ch) internal {
        uint256 withdrawn = ch.withdrawn;
        uint256 refund = uint256(ch.deposit) - withdrawn;
        ch.state = State.Closed;
        ch.deposit = uint96(withdrawn); // nothing left to pay out
        address funder = ch.funder;
        emit ChannelClosed(channelId, msg.sender, withdrawn, refund);
        if (refund > 0) _pay(funder, refund);
    }

    // ---------------------------------------------------------------- views

    /// The channel's full record.
    function getChannel(uint256 channelId) external view returns (Channel memory) {
        return channels[channelId];
    }

    /// The EIP-712 domain separator vouchers are signed under.
    function domainSeparator() external view returns (bytes32) {
        return block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
    }

    /// The EIP-712 digest of a voucher (what the client signs).
    function voucherDigest(uint256 channelId, uint64 nonce, uint256 cumulativeAmount, uint64 cumulativeBytes)
        public
        view
        returns (bytes32)
    {
        bytes32 sep = block.chainid == cachedChainId ? cachedDomainSeparator : _domainSeparator();
        bytes32 structHash =
            keccak256(abi.encode(VOUCHER_TYPEHASH, channelId, nonce, cumulativeAmount, cumulativeBytes));
        return keccak256(abi.encodePacked(hex"1901", sep, structHash));
    }

    // -------------------------------------------------------------- helpers

    function _get(uint256 channelId) internal view returns (Channel storage ch) {
        ch = channels[channelId];
        if (ch.state == State.None) revert UnknownChannel(channelId);
    }

    function _domainSeparator() internal view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    /// Recovers the signer of digest (r || s || v, v in {27, 28}, low s
    /// only, like protocol.Voucher.Signer) and requires it to be client.
    function _checkSigner(address client, bytes32 digest, bytes calldata sig) internal pure {
        if (sig.length != 65) revert BadSignatureLength(sig.length);
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := calldataload(sig.offset)
            s := calldataload(add(sig.offset, 32))
            v := byte(0, calldataload(add(sig.offset, 64)))
        }
        if (uint256(s) > HALF_N) revert MalleableSignature();
        if (v != 27 && v != 28) revert BadSignatureV(v);
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0) || signer != client) revert WrongSigner(signer, client);
    }

    /// Calls batchVerifier.verifyProof(proof, inputs) with inputs as the
    /// static uint256[K] the generated verifier takes; a revert becomes
    /// InvalidProof with its data.
    function _checkBatchProof(bytes calldata proof, uint256[] memory inputs) internal view {
        bytes memory data = abi.encodePacked(
            batchSelector, uint256(32 * (inputs.length + 1)), inputs, uint256(proof.length), proof
        );
        (bool ok, bytes memory reason) = batchVerifier.staticcall(data);
        if (!ok) revert InvalidProof(reason);
    }

    /// The decimal digits of v.
    function _decimal(uint256 v) internal pure returns (bytes memory out) {
        if (v == 0) return "0";
        uint256 len;
        for (uint256 x = v; x != 0; x /= 10) ++len;
        out = new bytes(len);
        for (; v != 0; v /= 10) out[--len] = bytes1(uint8(48 + v % 10));
    }

    /// Runs the Groth16 verifier; any revert from it (bad proof, bad
    /// length, input not in the field) becomes InvalidProof with its data.
    function _checkProof(bytes calldata proof, uint256[3] memory input) internal view {
        (bool ok, bytes memory reason) =
            address(verifier).staticcall(abi.encodeCall(IByteCountVerifier.verifyProof, (proof, input)));
        if (!ok) revert InvalidProof(reason);
    }

    function _pay(address to, uint256 amount) internal {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
